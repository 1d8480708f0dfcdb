/* bhxh-comms-dashboard: the <bhxh-dashboard> element. Its markup and style live in its shadow
 * root (a declarative one, <template shadowrootmode="open">, attached here where the browser
 * did not), so a host page's CSS does not reach in and the dashboard's does not leak out; it
 * draws itself from the JSON embedded there. Nothing is put on `window`: the bundled Vega
 * libraries are loaded in a closure (BHXH_VEGA_EMBED), a host's own are used otherwise.
 *
 * Rules kept here: text from the data is put in the page with textContent (never innerHTML);
 * numbers are never formatted in the browser (every figure arrives as a string prepared by
 * bhxh_comms.phrasing); nothing is fetched (charts are drawn by the inlined Vega-Lite).
 */
(function () {
  "use strict";

  var ARROWS = { up: "▲", down: "▼", same: "=" };

  /* Vega-Embed: the copy bundled with the dashboard (a closure variable, see html.py), else the
     host page's global one (option fragment_libraries: false) */
  function vegaEmbedFunction() {
    /* global BHXH_VEGA_EMBED */
    if (typeof BHXH_VEGA_EMBED !== "undefined" && BHXH_VEGA_EMBED) {
      return typeof BHXH_VEGA_EMBED === "function" ? BHXH_VEGA_EMBED : BHXH_VEGA_EMBED.default;
    }
    return window.vegaEmbed;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null && text !== "") node.textContent = String(text);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function copy(value) {
    return JSON.parse(JSON.stringify(value));
  }

  function byCode(list) {
    var map = {};
    for (var i = 0; i < list.length; i++) map[list[i].code] = list[i];
    return map;
  }

  /* A table: caption, header row, body rows of strings (the first cell is the row header).
   * Columns are right-aligned figures except those listed in `textColumns` (default: the
   * first); `decorate(tr, rowIndex)` may add classes or change cells. */
  function table(caption, columns, rows, decorate, textColumns) {
    var text = textColumns || [0];
    var node = el("table", "bhxh-dash__table");
    if (caption) node.appendChild(el("caption", "", caption));
    var head = el("thead");
    var headRow = el("tr");
    for (var c = 0; c < columns.length; c++) {
      var th = el("th", text.indexOf(c) >= 0 ? "" : "bhxh-dash__num", columns[c]);
      th.setAttribute("scope", "col");
      headRow.appendChild(th);
    }
    head.appendChild(headRow);
    node.appendChild(head);
    var body = el("tbody");
    for (var r = 0; r < rows.length; r++) {
      var tr = el("tr");
      for (var k = 0; k < rows[r].length; k++) {
        var cell = el(k === 0 ? "th" : "td", text.indexOf(k) >= 0 ? "" : "bhxh-dash__num", rows[r][k]);
        if (k === 0) cell.setAttribute("scope", "row");
        tr.appendChild(cell);
      }
      if (decorate) decorate(tr, r);
      body.appendChild(tr);
    }
    node.appendChild(body);
    return node;
  }

  function mount(root) {
    if (!root || root.getAttribute("data-bhxh-mounted")) return;
    var source = root.querySelector("script[data-bhxh-dash-data]");
    if (!source) return;
    root.setAttribute("data-bhxh-mounted", "1");
    var data = JSON.parse(source.textContent);
    var types = byCode(data.activity_types);
    var measures = byCode(data.measures);
    var charts = {};
    var tokens = {};
    var rankingDrawnFor = null;

    function part(role) {
      return root.querySelector('[data-role="' + role + '"]');
    }

    var provinceSelect = part("province");
    var rankingSelect = part("ranking-measure");
    var monthlySelect = part("monthly-measure");
    var initial = root.getAttribute("data-initial-province") || "all";
    var state = {
      province: data.views[initial] ? initial : "all",
      ranking: rankingSelect ? rankingSelect.value : data.measures[0].code,
      monthly: monthlySelect ? monthlySelect.value : data.measures[0].code
    };
    if (provinceSelect) provinceSelect.value = state.province;

    var drawn = {};

    function draw(name, spec, onReady) {
      var container = root.querySelector('[data-chart="' + name + '"]');
      if (!container) return;
      var key = JSON.stringify(spec);
      if (drawn[name] === key) return; /* same chart as on screen (e.g. the national monthly series) */
      drawn[name] = key;
      var token = (tokens[name] || 0) + 1;
      tokens[name] = token;
      var embed = vegaEmbedFunction();
      if (typeof embed !== "function") {
        container.textContent = "Không có thư viện vẽ biểu đồ (Vega-Lite); xem bảng số liệu bên dưới.";
        return;
      }
      embed(container, spec, {
          mode: "vega-lite",
          renderer: "svg",
          actions: false,
          ast: true,
          tooltip: false,
          defaultStyle: false
        })
        .then(function (result) {
          if (tokens[name] !== token) {
            result.finalize();
            return;
          }
          if (charts[name]) charts[name].finalize();
          charts[name] = result;
          if (onReady) onReady(result);
          container.setAttribute("data-rendered", String(token));
        })
        .catch(function (error) {
          drawn[name] = null;
          container.textContent = "Không vẽ được biểu đồ; xem bảng số liệu bên dưới.";
          if (window.console) window.console.error(error);
        });
    }

    function setParam(spec, name, value) {
      for (var i = 0; i < spec.params.length; i++) {
        if (spec.params[i].name === name) spec.params[i].value = value;
      }
    }

    /* ---------------------------------------------------------------- headline */
    function renderHeadline(view) {
      part("scope-name").textContent = view.name;
      var box = part("headline");
      clear(box);
      for (var i = 0; i < view.headline.length; i++) {
        var card = view.headline[i];
        var node = el("div", "bhxh-dash__card");
        node.setAttribute("data-card", card.id);
        node.appendChild(el("p", "bhxh-dash__card-label", card.label));
        var value = el("p", "bhxh-dash__card-value");
        value.appendChild(el("span", "bhxh-dash__card-number", card.value_text));
        if (card.unit) value.appendChild(el("span", "bhxh-dash__card-unit", " " + card.unit));
        node.appendChild(value);
        if (card.change_text) {
          var change = el("p", "bhxh-dash__card-change bhxh-dash__card-change--" + card.direction);
          var arrow = el("span", "bhxh-dash__arrow", ARROWS[card.direction] || "");
          arrow.setAttribute("aria-hidden", "true");
          change.appendChild(arrow);
          change.appendChild(document.createTextNode(" " + card.change_text));
          node.appendChild(change);
        }
        if (card.previous_text) node.appendChild(el("p", "bhxh-dash__card-detail", card.previous_text));
        if (card.detail) node.appendChild(el("p", "bhxh-dash__card-detail", card.detail));
        box.appendChild(node);
      }
      part("summary").textContent = view.summary;
    }

    function isNarrow() {
      var container = root.querySelector('[data-chart="activity"]');
      return Boolean(container && container.clientWidth > 0 && container.clientWidth < 640);
    }

    /* ---------------------------------------------------------------- activity types */
    function renderActivity(view) {
      var activity = view.activity;
      part("activity-note").textContent = activity.note;
      var narrow = isNarrow();
      state.narrow = narrow;
      var values = [];
      var headings = {};
      var lines = 1;
      for (var i = 0; i < activity.rows.length; i++) {
        var row = activity.rows[i];
        var type = types[row.activity_type];
        headings[row.activity_type] = narrow ? type.lines_narrow : type.lines;
        lines = Math.max(lines, headings[row.activity_type].length);
        for (var s = 0; s < activity.series.length; s++) {
          values.push({
            activity_type: row.activity_type,
            label: type.label,
            series: activity.series[s],
            value: row.values[s],
            value_text: row.texts[s],
            relative: row.relative[s]
          });
        }
      }
      var spec = copy(data.charts.activity);
      spec.description += " – " + view.name;
      spec.data = { values: values };
      setParam(spec, "headings", headings);
      /* each row is as tall as its longest label (15 px a line), at least usermeta.row_height */
      spec.height = activity.rows.length * Math.max(spec.usermeta.row_height, lines * 15 + 12);
      if (narrow) {
        spec.encoding.x.scale.domain = [0, 1.6];
        spec.layer[0].encoding.color.legend.direction = "vertical";
      }
      draw("activity", spec);

      var columns = ["Hình thức truyền thông", "Đơn vị tính"].concat(activity.series);
      var withChange = false; /* a comparison column when any row has a change to state */
      for (var c = 0; c < activity.rows.length; c++) if (activity.rows[c].change_text) withChange = true;
      if (withChange) columns.push("So sánh");
      var rows = [];
      for (var r = 0; r < activity.rows.length; r++) {
        var item = activity.rows[r];
        var cells = [types[item.activity_type].label, types[item.activity_type].unit].concat(item.texts);
        if (withChange) cells.push(item.change_text || "—");
        rows.push(cells);
      }
      var box = part("activity-table");
      clear(box);
      var textColumns = withChange ? [0, 1, columns.length - 1] : [0, 1];
      box.appendChild(
        table("Số lượng theo hình thức truyền thông – " + view.name, columns, rows, null, textColumns)
      );
    }

    /* ---------------------------------------------------------------- monthly series */
    function renderMonthly(view) {
      var monthly = data.monthly;
      var note = part("monthly-note");
      note.textContent = view.monthly_note || "";
      note.hidden = !view.monthly_note;
      if (!monthly) return;
      var series = monthly.measures[state.monthly];
      var own = view.monthly && view.monthly[state.monthly];
      if (own) {
        /* a province: the national rows carry the layout, the view its own values and ticks */
        var ownRows = [];
        for (var r = 0; r < series.rows.length; r++) {
          var copied = copy(series.rows[r]);
          copied.value = own.values[r];
          copied.value_text = own.texts[r];
          ownRows.push(copied);
        }
        series = { ticks: own.ticks, tick_labels: own.tick_labels, rows: ownRows };
      }
      var max = series.ticks[series.ticks.length - 1];
      var spec = copy(data.charts.monthly);
      var scope = view.code === "all" ? "toàn quốc" : view.name;
      spec.description += " – " + measures[state.monthly].label + " – " + scope;
      spec.data = { values: series.rows };
      spec.encoding.y.scale.domain = [0, max];
      spec.encoding.y.axis.values = series.ticks;
      /* the y axis says what is counted, in its unit: "Số lượng (cuộc)", "Số lượt người" */
      var unit = measures[state.monthly].unit;
      spec.encoding.y.axis.title =
        measures[state.monthly].measure === "participants" ? "Số lượt người" : "Số lượng" + (unit ? " (" + unit + ")" : "");
      setParam(spec, "ticklabels", series.tick_labels);
      draw("monthly", spec);

      var columns = ["Tháng"].concat(monthly.series);
      var rows = [];
      for (var m = 0; m < monthly.months.length; m++) rows.push([monthly.months[m]]);
      for (var i = 0; i < series.rows.length; i++) {
        var row = series.rows[i];
        rows[row.month_index - 1][row.series_order + 1] = row.value_text;
      }
      var box = part("monthly-table");
      clear(box);
      box.appendChild(table(measures[state.monthly].label + " – " + scope + ", theo tháng", columns, rows));
    }

    /* ---------------------------------------------------------------- ranking */
    function renderRanking(view) {
      var ranking = data.ranking[state.ranking];
      var measure = measures[state.ranking];
      var highlight = view.code === "all" ? "" : view.code;
      var selected = null;
      for (var i = 0; i < ranking.rows.length; i++) {
        if (ranking.rows[i].province === highlight) selected = ranking.rows[i];
      }
      var container = root.querySelector('[data-chart="ranking"]');
      var current = charts.ranking;
      if (current && rankingDrawnFor === state.ranking && tokens.ranking === Number(container.getAttribute("data-rendered"))) {
        /* same measure: only the highlighted province changes, no new chart */
        var token = tokens.ranking + 1;
        tokens.ranking = token;
        drawn.ranking = null;
        current.view
          .signal("highlight", highlight)
          .signal("highlight_label", selected ? selected.label : "")
          .runAsync()
          .then(function () {
            if (tokens.ranking === token) container.setAttribute("data-rendered", String(token));
          });
      } else {
        var spec = copy(data.charts.ranking);
        spec.description += " – " + measure.label;
        spec.data = { values: ranking.rows };
        spec.encoding.x.scale.domain = [0, ranking.domain_max];
        setParam(spec, "highlight", highlight);
        setParam(spec, "highlight_label", selected ? selected.label : "");
        spec.height = ranking.rows.length * spec.usermeta.row_height;
        rankingDrawnFor = state.ranking;
        draw("ranking", spec);
      }

      var lead = ranking.rows[0];
      part("ranking-text").textContent = selected
        ? selected.rank === null
          ? selected.name + ": " + selected.rank_text + "."
          : selected.name + " " + selected.rank_text + " (" + selected.value_text + " " + measure.unit + ")."
        : "Dẫn đầu: " + lead.name + " (" + lead.value_text + " " + measure.unit + ").";

      var rows = [];
      for (var r = 0; r < ranking.rows.length; r++) {
        var item = ranking.rows[r];
        rows.push([(item.province === highlight ? "▶ " : "") + item.name, item.rank === null ? "–" : String(item.rank), item.value_text]);
      }
      var box = part("ranking-table");
      clear(box);
      box.appendChild(
        table(measure.label + " – xếp hạng", ["Tỉnh, thành phố", "Hạng", "Số lượng (" + measure.unit + ")"], rows,
          function (tr, index) {
            if (ranking.rows[index].province === highlight) tr.className = "bhxh-dash__row--selected";
          }, [0])
      );
    }

    /* ---------------------------------------------------------------- scorecard */
    function outcomeCell(tag, cell, withValue) {
      var node = el(tag, "bhxh-dash__outcome bhxh-dash__outcome--" + cell.outcome);
      var symbol = el("span", "bhxh-dash__symbol", cell.symbol);
      symbol.setAttribute("aria-hidden", "true");
      node.appendChild(symbol);
      node.appendChild(el("span", "bhxh-dash__outcome-label", cell.label));
      if (withValue && cell.value_text) node.appendChild(el("span", "bhxh-dash__outcome-value", cell.value_text));
      if (cell.reason) node.setAttribute("title", cell.reason);
      return node;
    }

    function renderScorecard(view) {
      var scorecard = data.scorecard;
      var box = part("scorecard-table");
      clear(box);
      var targets = scorecard.targets;
      if (!targets.length) {
        box.appendChild(el("p", "", "Báo cáo không có chỉ tiêu để đánh giá."));
        return;
      }
      var node = el("table", "bhxh-dash__table bhxh-dash__scorecard");
      var head = el("thead");
      var headRow = el("tr");
      var body = el("tbody");
      if (view.code === "all") {
        node.appendChild(el("caption", "", "Đánh giá chỉ tiêu của các tỉnh, thành phố"));
        var corner = el("th", "", "Tỉnh, thành phố");
        corner.setAttribute("scope", "col");
        headRow.appendChild(corner);
        for (var t = 0; t < targets.length; t++) {
          var th = el("th", "bhxh-dash__target");
          th.setAttribute("scope", "col");
          th.appendChild(el("span", "bhxh-dash__target-label", targets[t].label));
          if (targets[t].summary) th.appendChild(el("span", "bhxh-dash__target-summary", targets[t].summary));
          headRow.appendChild(th);
        }
        for (var r = 0; r < scorecard.rows.length; r++) {
          var row = scorecard.rows[r];
          var tr = el("tr");
          var name = el("th", "", row.name);
          name.setAttribute("scope", "row");
          tr.appendChild(name);
          for (var c = 0; c < row.cells.length; c++) tr.appendChild(outcomeCell("td", row.cells[c], true));
          body.appendChild(tr);
        }
      } else {
        node.appendChild(el("caption", "", "Đánh giá chỉ tiêu – " + view.name));
        var columns = ["Chỉ tiêu", "Mức kế hoạch", "Kết quả", "Đánh giá", "Ghi chú"];
        for (var k = 0; k < columns.length; k++) {
          var h = el("th", "", columns[k]);
          h.setAttribute("scope", "col");
          headRow.appendChild(h);
        }
        var mine = null;
        for (var p = 0; p < scorecard.rows.length; p++) {
          if (scorecard.rows[p].province === view.code) mine = scorecard.rows[p];
        }
        var cells = mine ? mine.cells : [];
        for (var i = 0; i < cells.length; i++) {
          var target = targets[i];
          var cell = cells[i];
          var line = el("tr");
          var label = el("th", "", target.label);
          label.setAttribute("scope", "row");
          line.appendChild(label);
          line.appendChild(el("td", "", target.range_text));
          line.appendChild(el("td", "bhxh-dash__num", cell.value_text));
          line.appendChild(outcomeCell("td", cell, false));
          line.appendChild(el("td", "", cell.reason || ""));
          body.appendChild(line);
          var details = cell.details || [];
          for (var d = 0; d < details.length; d++) {
            var sub = el("tr", "bhxh-dash__row--sub");
            var subLabel = el("th", "", "– " + details[d].partner_label);
            subLabel.setAttribute("scope", "row");
            sub.appendChild(subLabel);
            sub.appendChild(el("td", "", target.range_text));
            sub.appendChild(el("td", "bhxh-dash__num", details[d].value_text));
            sub.appendChild(outcomeCell("td", details[d], false));
            sub.appendChild(el("td", "", details[d].reason || ""));
            body.appendChild(sub);
          }
        }
      }
      head.appendChild(headRow);
      node.appendChild(head);
      node.appendChild(body);
      box.appendChild(node);
    }

    /* ---------------------------------------------------------------- completeness */
    function renderCompleteness(view) {
      var completeness = data.completeness;
      var national = data.views.all.headline;
      var reporting = null;
      for (var i = 0; i < national.length; i++) if (national[i].id === "reporting") reporting = national[i];
      part("completeness-summary").textContent =
        "Toàn quốc: " + reporting.value_text + " tỉnh, thành phố đã gửi báo cáo (" + reporting.detail + ").";
      var note = part("completeness-note");
      note.textContent = completeness.communes_note || "";
      note.hidden = !completeness.communes_note;
      var columns = ["Tỉnh, thành phố", "Tình hình báo cáo", "Số dòng số liệu"];
      if (completeness.has_communes) columns.push("Xã, phường có hoạt động");
      var rows = [];
      var shown = [];
      for (var r = 0; r < completeness.rows.length; r++) {
        var row = completeness.rows[r];
        if (view.code !== "all" && row.province !== view.code) continue;
        shown.push(row);
        var cells = [row.name, row.status_text, row.rows_text];
        if (completeness.has_communes) cells.push(row.communes_text);
        rows.push(cells);
      }
      var box = part("completeness-table");
      clear(box);
      box.appendChild(
        table("Tình hình báo cáo – " + view.name, columns, rows, function (tr, index) {
          var status = tr.children[1];
          clear(status);
          status.className = "bhxh-dash__status bhxh-dash__status--" + shown[index].status;
          var symbol = el("span", "bhxh-dash__symbol", shown[index].symbol);
          symbol.setAttribute("aria-hidden", "true");
          status.appendChild(symbol);
          status.appendChild(el("span", "", shown[index].status_text));
        }, [0, 1])
      );
    }

    /* ---------------------------------------------------------------- communes */
    function renderCommunes(view) {
      var panel = part("communes-panel");
      var communes = view.communes;
      panel.hidden = !communes;
      if (!communes) return;
      part("communes-summary").textContent = view.name + ": " + communes.summary;
      var box = part("communes-table");
      clear(box);
      var node = table("Hoạt động theo xã, phường – " + view.name, communes.columns, communes.rows, null, [0]);
      node.className += " bhxh-dash__communes";
      box.appendChild(node);
    }

    /* ---------------------------------------------------------------- tile map */
    function renderMap(view) {
      var map = data.map;
      var panel = part("map-panel");
      if (!map || !panel) return;
      panel.hidden = false;
      var ranking = data.ranking[state.ranking];
      var byCode = {};
      var top = 0;
      for (var i = 0; i < ranking.rows.length; i++) {
        byCode[ranking.rows[i].province] = ranking.rows[i];
        if (ranking.rows[i].rank !== null && ranking.rows[i].value > top) top = ranking.rows[i].value;
      }
      var values = [];
      for (var t = 0; t < map.tiles.length; t++) {
        var tile = copy(map.tiles[t]);
        var row = byCode[tile.province];
        var reported = row && row.rank !== null;
        tile.value = reported ? row.value : null;
        tile.value_text = row ? row.value_text : "";
        tile.dark = reported && top > 0 && row.value > top * 0.55;
        values.push(tile);
      }
      var spec = copy(data.charts.map);
      spec.description += " – " + measures[state.ranking].label;
      spec.data = { values: values };
      setParam(spec, "highlight", view.code === "all" ? "" : view.code);
      draw("map", spec, function (result) {
        result.view.addEventListener("click", function (event, item) {
          var code = item && item.datum && item.datum.province;
          if (!code || !data.views[code]) return;
          state.province = state.province === code ? "all" : code;
          if (provinceSelect) provinceSelect.value = state.province;
          update();
        });
      });
    }

    function update() {
      var view = data.views[state.province] || data.views.all;
      root.setAttribute("data-province", view.code);
      renderHeadline(view);
      renderActivity(view);
      renderMonthly(view);
      renderRanking(view);
      renderMap(view);
      renderScorecard(view);
      renderCompleteness(view);
      renderCommunes(view);
      part("status").textContent = "Đang hiển thị số liệu: " + view.name + ".";
    }

    if (provinceSelect) {
      provinceSelect.addEventListener("change", function () {
        state.province = provinceSelect.value;
        update();
      });
    }
    if (rankingSelect) {
      rankingSelect.addEventListener("change", function () {
        state.ranking = rankingSelect.value;
        renderRanking(data.views[state.province] || data.views.all);
        renderMap(data.views[state.province] || data.views.all);
      });
    }
    if (monthlySelect) {
      monthlySelect.addEventListener("change", function () {
        state.monthly = monthlySelect.value;
        renderMonthly(data.views[state.province] || data.views.all);
      });
    }
    /* labels are wrapped for the width: redraw the activity chart when it crosses 640 px */
    var resizeTimer = null;
    window.addEventListener("resize", function () {
      if (resizeTimer) window.clearTimeout(resizeTimer);
      resizeTimer = window.setTimeout(function () {
        if (isNarrow() !== state.narrow) renderActivity(data.views[state.province] || data.views.all);
      }, 200);
    });
    /* printing shows the tables folded under "details" too, then folds them back */
    var opened = [];
    window.addEventListener("beforeprint", function () {
      var folded = root.querySelectorAll("details:not([open])");
      for (var d = 0; d < folded.length; d++) {
        folded[d].setAttribute("open", "");
        opened.push(folded[d]);
      }
    });
    window.addEventListener("afterprint", function () {
      while (opened.length) opened.pop().removeAttribute("open");
    });
    update();
  }

  /* the element: a shadow root holding the dashboard, mounted once connected */
  function shadowOf(host) {
    if (host.shadowRoot) return host.shadowRoot;
    /* a fragment inserted by script (innerHTML, createContextualFragment): the browser leaves
       the declarative template as it is, so it is attached here */
    var template = null;
    for (var c = 0; c < host.children.length; c++) {
      if (host.children[c].tagName === "TEMPLATE" && host.children[c].hasAttribute("shadowrootmode")) {
        template = host.children[c];
      }
    }
    if (!template) return null;
    var shadow = host.attachShadow({ mode: "open" });
    shadow.appendChild(template.content.cloneNode(true));
    template.parentNode.removeChild(template);
    return shadow;
  }

  function connect(host) {
    var shadow = shadowOf(host);
    if (shadow) mount(shadow.querySelector(".bhxh-dash"));
    return !!shadow;
  }

  if (window.customElements && !window.customElements.get("bhxh-dashboard")) {
    window.customElements.define(
      "bhxh-dashboard",
      class extends HTMLElement {
        connectedCallback() {
          /* a second dashboard of the page is upgraded as soon as the parser meets its tag,
             before its content: it is connected once the page (or its own script) has it */
          var host = this;
          if (!connect(host) && document.readyState === "loading") {
            document.addEventListener("DOMContentLoaded", function () {
              connect(host);
            });
          }
        }
      }
    );
  }
  /* this script follows its element's content: connect every dashboard already complete */
  var hosts = document.querySelectorAll("bhxh-dashboard");
  for (var h = 0; h < hosts.length; h++) connect(hosts[h]);
})();
