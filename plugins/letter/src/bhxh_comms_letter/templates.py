"""The names of the bundled templates (here, apart from the rendering code, so that the
``letter`` command's options can list them without loading docx and jinja2)."""

BUNDLED = ("bao-cao", "cong-van", "cong-van-chien-dich")
