import sys

from bhxh_comms.cli import main

sys.exit(main())
