// The report's interactions; the page reads fully without them. Hover: a crosshair and the values at that time.
// Zoom (price charts): wheel or pinch zooms the time axis around the pointer, drag pans, double-click resets; the
// value axis fits the visible bars. Tables marked sortable sort by a column on a click of its header.
(function () {
  "use strict";
  // As Format.price and Format.tick in Swift: cents from 1 to 100,000, four decimals below 1, round ticks bare.
  function fmt(v, kind, tick) {
    if (v === null || v === undefined) return "–";
    if (kind === "percent") return (v * 100).toFixed(1) + " %";
    var a = Math.abs(v), d = tick && v === Math.round(v) ? 0 : a >= 100000 ? 0 : a >= 1 ? 2 : 4;
    return v.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
  }
  function two(n) { return n < 10 ? "0" + n : "" + n; }
  // As CivilDate.label: the time of day only when it is not midnight.
  function label(t) { return date(t, t % 86400 !== 0); }
  function date(t, withTime) {
    var d = new Date(t * 1000);
    var s = d.getUTCFullYear() + "-" + two(d.getUTCMonth() + 1) + "-" + two(d.getUTCDate());
    return withTime ? s + " " + two(d.getUTCHours()) + ":" + two(d.getUTCMinutes()) : s;
  }
  function niceStep(span, count) {
    var raw = span / count, p = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / p;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
  }
  function nearest(times, t) {
    var lo = 0, hi = times.length - 1;
    if (hi < 0) return -1;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (times[mid] < t) lo = mid + 1; else hi = mid; }
    if (lo > 0 && Math.abs(times[lo - 1] - t) < Math.abs(times[lo] - t)) lo -= 1;
    return lo;
  }

  function Chart(figure) {
    var data = JSON.parse(figure.querySelector(".chart-data").textContent);
    var plot = figure.querySelector(".plot"), svg = plot.querySelector("svg"), labels = plot.querySelector(".labels");
    var full = { x: 0, w: data.width, y: 0, h: data.height };
    var view = { x: 0, w: data.width, y: 0, h: data.height };
    var hasTime = data.times.length > 1 && data.times[1] - data.times[0] < 86400;
    var cross = document.createElement("div"), readout = document.createElement("div");
    cross.className = "crosshair"; readout.className = "readout"; cross.hidden = readout.hidden = true;
    plot.appendChild(cross); plot.appendChild(readout);
    // Does the drawing lie inside the chart's frame? (Recorded for the browser test; a reader sees it anyway.)
    var box = svg.getBBox(), frame = svg.viewBox.baseVal;
    figure.setAttribute("data-fits", String(box.width > 0 && box.height > 0 && box.x >= frame.x - 1 && box.y >= frame.y - 1 &&
      box.x + box.width <= frame.x + frame.width + 1 && box.y + box.height <= frame.y + frame.height + 1));
    function unitX(t) { return (t - data.t0) / (data.t1 - data.t0) * data.width; }
    function timeAt(u) { return data.t0 + u / data.width * (data.t1 - data.t0); }
    function unitY(v) { return data.r0 + (v - data.d0) / (data.d1 - data.d0) * (data.r1 - data.r0); }
    function valueAt(u) { return data.d0 + (u - data.r0) / (data.r1 - data.r0) * (data.d1 - data.d0); }

    function place() {
      svg.setAttribute("viewBox", view.x + " " + view.y + " " + view.w + " " + view.h);
      labels.querySelectorAll("[data-x]").forEach(function (el) {
        el.style.left = ((+el.dataset.x - view.x) / view.w * 100) + "%";
      });
      labels.querySelectorAll("[data-y]").forEach(function (el) {
        if (el.classList.contains("xtick")) return;
        el.style.top = ((+el.dataset.y - view.y) / view.h * 100) + "%";
      });
    }
    function ticks() {
      labels.querySelectorAll(".ytick,.xtick").forEach(function (el) { el.remove(); });
      var top = valueAt(view.y), bottom = valueAt(view.y + view.h);
      var lo = Math.min(top, bottom), hi = Math.max(top, bottom), step = niceStep(hi - lo, 6);
      for (var v = Math.ceil(lo / step) * step; v <= hi; v += step) {
        var s = document.createElement("span"); s.className = "ytick"; s.dataset.y = unitY(v); v = +v.toPrecision(12); s.textContent = fmt(v, "price", true);
        labels.appendChild(s);
      }
      var t0 = timeAt(view.x), t1 = timeAt(view.x + view.w), span = t1 - t0;
      var steps = [3600, 7200, 21600, 43200, 86400, 172800, 604800, 1209600, 2592000, 7776000, 15552000, 31536000];
      var tstep = steps.find(function (x) { return span / x <= 7; }) || 31536000;
      for (var t = Math.ceil(t0 / tstep) * tstep; t <= t1; t += tstep) {
        var x = document.createElement("span"); x.className = "xtick"; x.dataset.x = unitX(t);
        x.textContent = date(t, tstep < 86400); labels.appendChild(x);
      }
    }
    function fit() {
      if (data.low === null || data.low === undefined) return;
      var a = nearest(data.times, timeAt(view.x)), b = nearest(data.times, timeAt(view.x + view.w));
      var lows = data.series[data.low].values, highs = data.series[data.high].values, lo = Infinity, hi = -Infinity;
      for (var i = a; i <= b; i++) { if (lows[i] !== null && lows[i] < lo) lo = lows[i]; if (highs[i] !== null && highs[i] > hi) hi = highs[i]; }
      if (!isFinite(lo) || !isFinite(hi)) return;
      var yTop = unitY(hi), yBottom = unitY(lo), pad = (yBottom - yTop) * 0.06 + 0.5;
      view.y = yTop - pad; view.h = yBottom - yTop + 2 * pad;
    }
    function zoomTo(x, w) {
      w = Math.max(Math.min(w, full.w), full.w / Math.max(data.times.length, 1) * 8);
      x = Math.max(full.x, Math.min(x, full.w - w));
      view.x = x; view.w = w;
      if (w >= full.w - 1e-6) { view.y = full.y; view.h = full.h; } else { fit(); }
      ticks(); place();
    }
    function hover(clientX) {
      var box = plot.getBoundingClientRect(), f = (clientX - box.left) / box.width;
      if (f < 0 || f > 1) return leave();
      var i = nearest(data.times, timeAt(view.x + f * view.w));
      if (i < 0) return;
      var text = date(data.times[i], hasTime);
      data.series.forEach(function (s) { if (s.values[i] !== null) text += "  " + s.name + " " + fmt(s.values[i], s.format); });
      var left = (unitX(data.times[i]) - view.x) / view.w * 100;
      cross.style.left = left + "%"; cross.hidden = false;
      readout.textContent = text; readout.hidden = false;
      readout.style.left = left < 55 ? "calc(" + left + "% + 8px)" : "auto";
      readout.style.right = left < 55 ? "auto" : "calc(" + (100 - left) + "% + 8px)";
    }
    function leave() { cross.hidden = readout.hidden = true; }
    plot.addEventListener("pointermove", function (e) { hover(e.clientX); });
    plot.addEventListener("pointerleave", leave);
    if (figure.hasAttribute("data-zoom")) {
      plot.addEventListener("wheel", function (e) {
        e.preventDefault();
        var box = plot.getBoundingClientRect(), f = (e.clientX - box.left) / box.width;
        var factor = Math.exp(e.deltaY * 0.002), w = view.w * factor;
        zoomTo(view.x + f * view.w - f * w, w);
      }, { passive: false });
      var drag = null;
      plot.addEventListener("pointerdown", function (e) { drag = { x: e.clientX, vx: view.x }; plot.setPointerCapture(e.pointerId); });
      plot.addEventListener("pointerup", function () { drag = null; });
      plot.addEventListener("pointermove", function (e) {
        if (!drag) return;
        var box = plot.getBoundingClientRect();
        zoomTo(drag.vx - (e.clientX - drag.x) / box.width * view.w, view.w);
      });
      plot.addEventListener("dblclick", function () { zoomTo(0, full.w); });
      // A link can open the chart zoomed: FILE.html#price=FROM,TO (epoch seconds).
      var wanted = new RegExp("[#&]" + figure.id + "=(\\d+),(\\d+)").exec(location.hash);
      if (wanted) zoomTo(unitX(+wanted[1]), unitX(+wanted[2]) - unitX(+wanted[1]));
    }
  }

  function sortable(table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, column) {
      th.tabIndex = 0;
      function sort() {
        var descending = th.getAttribute("aria-sort") === "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        var bodies = Array.prototype.slice.call(table.tBodies), rows = [];
        bodies.forEach(function (b) { rows.push.apply(rows, b.rows); });
        var numeric = th.classList.contains("num");
        function key(row) { var c = row.cells[column], v = c.dataset.v !== undefined ? c.dataset.v : c.textContent; return numeric ? (v === "" ? -Infinity : +v) : v; }
        var keyed = rows.map(function (r, i) { return { r: r, k: key(r), i: i }; });
        keyed.sort(function (a, b) { var o = a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i; return descending ? -o : o; });
        var size = Math.ceil(keyed.length / bodies.length);
        keyed.forEach(function (e, i) { bodies[Math.min(Math.floor(i / size), bodies.length - 1)].appendChild(e.r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
    });
  }

  // A table too long for the page's own rows: every row from its JSON, only those in the scrolled window drawn,
  // sorted on the data. Rows have one height (CSS), so the window's rows follow from the scroll position.
  function virtualTable(table) {
    var rows = JSON.parse(document.getElementById(table.dataset.source).textContent).map(function (a) {
      return { t: a[0], a: a[1], r: a[2], c: a[3], s: a[4], x: a[5], e: a[6] };
    });
    var order = rows.map(function (_, i) { return i; });
    var scroll = table.parentElement, height = 28, columns = table.tHead.rows[0].cells.length;
    Array.prototype.slice.call(table.tBodies).forEach(function (b) { b.remove(); });
    var body = document.createElement("tbody");
    table.appendChild(body);
    table.setAttribute("data-rows", String(rows.length));
    var note = document.getElementById("decisions-note");
    if (note) note.textContent = rows.length + " decisions; scroll the table, click a column to sort.";
    function cell(tr, text, cls) {
      var td = document.createElement("td");
      if (cls) td.className = cls;
      td.textContent = text;
      tr.appendChild(td);
      return td;
    }
    function spacer(px) {
      var tr = document.createElement("tr"), td = document.createElement("td");
      td.colSpan = columns; td.className = "spacer"; td.style.height = px + "px";
      tr.appendChild(td);
      return tr;
    }
    var pending = false;
    function render() {
      pending = false;
      var first = Math.max(0, Math.floor(scroll.scrollTop / height) - 10);
      var last = Math.min(order.length, first + Math.ceil(scroll.clientHeight / height) + 20);
      body.textContent = "";
      body.appendChild(spacer(first * height));
      for (var k = first; k < last; k++) {
        var r = rows[order[k]], tr = document.createElement("tr");
        tr.className = "v" + (r.e ? " failed" : "");
        cell(tr, label(r.t)); cell(tr, r.a, r.a); cell(tr, r.r);
        cell(tr, r.c === null ? "–" : r.c.toFixed(2), "num"); cell(tr, r.s === null ? "–" : (r.s * 100).toFixed(1) + " %", "num");
        var x = cell(tr, r.x + (r.e ? " — " + r.e : ""));
        x.title = x.textContent;
        body.appendChild(tr);
      }
      body.appendChild(spacer((order.length - last) * height));
    }
    scroll.addEventListener("scroll", function () { if (!pending) { pending = true; requestAnimationFrame(render); } });
    var keys = [
      function (r) { return r.t; }, function (r) { return r.a; }, function (r) { return r.r; },
      function (r) { return r.c === null ? -Infinity : r.c; }, function (r) { return r.s === null ? -Infinity : r.s; },
      function (r) { return r.x; }
    ];
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, column) {
      th.tabIndex = 0;
      function sort() {
        var descending = th.getAttribute("aria-sort") === "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        var key = keys[column];
        order.sort(function (a, b) {
          var ka = key(rows[a]), kb = key(rows[b]), o = ka < kb ? -1 : ka > kb ? 1 : a - b;
          return descending ? -o : o;
        });
        render();
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
    });
    render();
  }

  document.querySelectorAll("figure.chart").forEach(Chart);
  document.querySelectorAll("table.sortable:not(.virtual)").forEach(sortable);
  document.querySelectorAll("table.virtual").forEach(virtualTable);
})();
