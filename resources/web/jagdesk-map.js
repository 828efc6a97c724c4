/*
 * JagDesk map bridge.
 *
 * The page is an empty folium map; the app pushes its layers here as JSON data with
 * window.jagdesk.setLayers(payload) and hears back through the QWebChannel object "bridge"
 * (ready(), layersDrawn(count), hotspotClicked(id), hotspotHovered(id or ""),
 * incidentClicked(lon, lat), layerToggled(key, visible), viewportChanged(west, south, east,
 * north, zoom) as JSON text, tilesFailed(kind), pointPicked(lon, lat), polygonDrawn(geojsonText),
 * pickingCancelled()).
 *
 * Layers: hotspots, incidents (packed points clustered on one canvas), density (squares
 * counted in Python), responses (footprints), one group per boundary kind, and an optional
 * base map (setBaseMap). A stand-alone export passes {dataElement: id} to attach() instead of
 * a bridge and its data is read from that JSON block.
 *
 * Picking: window.jagdesk.startPicking("point" | "polygon", hint) turns the next click into a
 * point, or clicks into the corners of a polygon (double-click or Enter finishes, Esc cancels).
 *
 * Safety: every text that comes with the data (names, descriptions, categories) reaches the
 * page through textContent on DOM nodes. Nothing from the data is ever parsed as HTML.
 */
(function () {
  "use strict";

  var RAG_COLOURS = { red: "#d7191c", amber: "#f59e0b", green: "#1a9641" };
  var RAG_LABELS = [["red", "Red: needs action now"], ["amber", "Amber: being worked"],
                    ["green", "Green: improving"]];
  var NO_RAG_COLOUR = "#6b7280";
  var SELECTED_COLOUR = "#0ea5e9";
  // Outline by status: dashed while nominated, solid when open, dotted when monitoring, faint when closed.
  var STATUS_STYLES = {
    nominated: { weight: 2, dashArray: "6 4" },
    open: { weight: 3 },
    monitoring: { weight: 2, dashArray: "2 4" },
    closed: { weight: 1, opacity: 0.6, fillOpacity: 0.1 }
  };
  var DEFAULT_RADIUS_M = 100;
  var MAX_ZOOM = 19;
  var MIN_ZOOM = 5;
  // Layer control labels are inserted as HTML by Leaflet, so they come only from this fixed list.
  var AREA_KINDS = [
    ["force", "Force area", { color: "#111827", weight: 3, fillOpacity: 0 }],
    ["local_authority", "Local authorities", { color: "#374151", weight: 2.5, fillOpacity: 0 }],
    ["neighbourhood", "Neighbourhoods", { color: "#7c3aed", weight: 1.5, fillOpacity: 0.02 }],
    ["jag_area", "JAG areas", { color: "#b45309", weight: 2, fillOpacity: 0.03 }],
    ["ward", "Wards", { color: "#1e40af", weight: 1.5, fillOpacity: 0.04 }],
    ["beat", "Beats", { color: "#0f766e", weight: 1, fillOpacity: 0.02 }],
    ["lsoa", "LSOAs", { color: "#64748b", weight: 0.7, fillOpacity: 0.02 }],
    ["custom", "Custom areas", { color: "#be185d", weight: 1.5, fillOpacity: 0.03 }]
  ];
  var OTHER_KIND = ["other", "Other areas", { color: "#6b7280", weight: 1, fillOpacity: 0.02 }];
  var INCIDENT_STYLE = { radius: 4, color: "#1f2937", weight: 1, fillColor: "#f97316", fillOpacity: 0.85 };

  var state = {
    map: null,
    bridge: null,
    control: null,
    areaGroups: {},
    hotspots: null,
    hotspotsById: {},
    incidents: null,
    density: null,
    responses: null,
    base: null,
    hidden: { density: true },  // layer keys switched off (density starts off)
    selectedId: null,
    presenting: false,  // on a projector: no popups or layer list over the map
    fitted: false,
    counts: { areas: 0, hotspots: 0, incidents: 0, density: 0, responses: 0 },
    picking: null
  };

  /* ---------- DOM helpers: text only ---------- */

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function addRow(list, label, value) {
    if (value === undefined || value === null || value === "") { return; }
    list.appendChild(el("dt", null, label));
    list.appendChild(el("dd", null, value));
  }

  function card(title, rows) {
    var box = el("div", "jd-card");
    box.appendChild(el("div", "jd-card-title", title));
    var list = el("dl", "jd-card-rows");
    rows.forEach(function (r) { addRow(list, r[0], r[1]); });
    box.appendChild(list);
    return box;
  }

  function hotspotTitle(p) {
    return (p.ref ? p.ref + " " : "") + (p.name || "");
  }

  function hotspotCard(p) {
    return card(hotspotTitle(p), [
      ["Status", p.status_label], ["RAG", p.rag_label], ["Problem", p.problem_type_label],
      ["ASB category", p.asb_category_label], ["Designation", p.designation_label],
      ["Radius", p.radius_m ? Math.round(p.radius_m) + " m" : ""]
    ]);
  }

  function incidentCard(index, data) {
    return card(data.categories[data.codes[2 * index]] || "Incident",
                [["Month", data.months[data.codes[2 * index + 1]]]]);
  }

  /* ---------- bridge ---------- */

  function notify(name) {
    var args = Array.prototype.slice.call(arguments, 1);
    if (state.bridge && typeof state.bridge[name] === "function") {
      state.bridge[name].apply(state.bridge, args);
    }
  }

  function connectChannel() {
    if (typeof QWebChannel === "undefined" || !window.qt || !window.qt.webChannelTransport) {
      return false;
    }
    new QWebChannel(window.qt.webChannelTransport, function (channel) {
      state.bridge = channel.objects.bridge;
      notify("ready");
    });
    return true;
  }

  /* ---------- areas ---------- */

  function kindEntry(kind) {
    for (var i = 0; i < AREA_KINDS.length; i++) {
      if (AREA_KINDS[i][0] === kind) { return AREA_KINDS[i]; }
    }
    return OTHER_KIND;
  }

  function areaGroup(kind) {
    var entry = kindEntry(kind);
    var key = "areas:" + entry[0];
    if (!state.areaGroups[key]) {
      var group = L.geoJSON(null, {
        pane: "jdAreas",
        style: function () { return entry[2]; },
        onEachFeature: function (feature, layer) {
          var p = feature.properties || {};
          layer.bindTooltip(function () { return card(p.name || p.code || "", [["Code", p.code]]); },
                            { sticky: true, className: "jd-tooltip" });
        }
      });
      group.jdKey = key;
      state.areaGroups[key] = group;
      if (!state.hidden[key]) { group.addTo(state.map); }
      state.control.addOverlay(group, entry[1]);
    }
    return state.areaGroups[key];
  }

  function drawAreas(collection) {
    Object.keys(state.areaGroups).forEach(function (key) { state.areaGroups[key].clearLayers(); });
    var features = (collection && collection.features) || [];
    features.forEach(function (feature) {
      areaGroup((feature.properties || {}).kind).addData(feature);
    });
    state.counts.areas = features.length;
  }

  /* ---------- hotspots ---------- */

  function hotspotStyle(p) {
    var colour = RAG_COLOURS[p.rag] || NO_RAG_COLOUR;
    var style = { color: colour, fillColor: colour, fillOpacity: 0.35, opacity: 1, weight: 3,
                  dashArray: null, pane: "jdHotspots", bubblingMouseEvents: false };
    var extra = STATUS_STYLES[p.status] || {};
    Object.keys(extra).forEach(function (k) { style[k] = extra[k]; });
    return style;
  }

  function drawHotspots(collection) {
    state.hotspots.clearLayers();
    state.hotspotsById = {};
    var features = (collection && collection.features) || [];
    state.hotspots.addData(features);
    state.counts.hotspots = features.length;
    if (state.selectedId && state.hotspotsById[state.selectedId]) {
      highlight(state.selectedId);
    } else {
      state.selectedId = null;
    }
  }

  function makeHotspotLayer() {
    return L.geoJSON(null, {
      pane: "jdHotspots",
      style: function (feature) { return hotspotStyle(feature.properties || {}); },
      pointToLayer: function (feature, latlng) {
        var p = feature.properties || {};
        var options = hotspotStyle(p);
        options.radius = p.radius_m || DEFAULT_RADIUS_M;
        return L.circle(latlng, options);
      },
      onEachFeature: function (feature, layer) {
        var p = feature.properties || {};
        state.hotspotsById[p.id] = layer;
        layer.jdProps = p;
        layer.bindTooltip(function () { return el("span", null, hotspotTitle(p)); },
                          { className: "jd-tooltip" });
        layer.bindPopup(function () { return hotspotCard(p); }, { className: "jd-popup" });
        layer.on("click", function () {
          highlight(p.id);
          notify("hotspotClicked", String(p.id));
        });
        layer.on("mouseover", function () { notify("hotspotHovered", String(p.id)); });
        layer.on("mouseout", function () { notify("hotspotHovered", ""); });
      }
    });
  }

  function highlight(id) {
    if (state.selectedId && state.hotspotsById[state.selectedId]) {
      var previous = state.hotspotsById[state.selectedId];
      previous.setStyle(hotspotStyle(previous.jdProps));
    }
    state.selectedId = null;
    var layer = id ? state.hotspotsById[id] : null;
    if (!layer) { return null; }
    layer.setStyle({ color: SELECTED_COLOUR, weight: 5, dashArray: null, opacity: 1 });
    layer.bringToFront();
    state.selectedId = id;
    return layer;
  }

  /* ---------- incidents: packed points on one canvas ---------- */

  // Incidents arrive packed (float32 lon/lat pairs, uint16 category/month pairs, base64) and
  // are drawn on a single canvas: counted circles where points crowd together, dots where
  // they do not. Nothing here creates a DOM node per incident.
  var CLUSTER_CELL_PX = 80;
  var ALL_DOTS_ZOOM = 17;  // from here on every incident is its own dot
  var CLUSTER_STYLES = [[10, 13, "rgba(37, 99, 235, 0.75)"], [100, 16, "rgba(67, 56, 202, 0.75)"],
                        [Infinity, 19, "rgba(91, 33, 182, 0.75)"]];

  function decodeBase64(text) {
    var binary = atob(text || "");
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes.buffer;
  }

  function unpackIncidents(data) {
    var count = (data && data.count) || 0;
    var coords = count ? new Float32Array(decodeBase64(data.coords)) : new Float32Array(0);
    var codes = count ? new Uint16Array(decodeBase64(data.codes)) : new Uint16Array(0);
    // Web Mercator world coordinates (0..1), so each redraw only scales and shifts.
    var wx = new Float64Array(count);
    var wy = new Float64Array(count);
    var minLat = 90, maxLat = -90, minLon = 180, maxLon = -180;
    for (var i = 0; i < count; i++) {
      var lon = coords[2 * i];
      var lat = coords[2 * i + 1];
      wx[i] = (lon + 180) / 360;
      var s = Math.sin(lat * Math.PI / 180);
      wy[i] = 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
      if (lat < minLat) { minLat = lat; }
      if (lat > maxLat) { maxLat = lat; }
      if (lon < minLon) { minLon = lon; }
      if (lon > maxLon) { maxLon = lon; }
    }
    return { count: count, coords: coords, codes: codes, wx: wx, wy: wy,
             categories: (data && data.categories) || [], months: (data && data.months) || [],
             bounds: count ? L.latLngBounds([minLat, minLon], [maxLat, maxLon]) : null };
  }

  var IncidentCanvas = L.Layer.extend({
    initialize: function () {
      this._data = unpackIncidents(null);
      this._marks = [];  // what the last redraw drew: [x, y, count, index]
    },

    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", "jd-incident-canvas leaflet-zoom-hide");
      map.getPane("jdIncidents").appendChild(this._canvas);
      map.on("moveend zoomend resize viewreset", this.redraw, this);
      map.on("click", this._onClick, this);
      this.redraw();
    },

    onRemove: function (map) {
      L.DomUtil.remove(this._canvas);
      this._canvas = null;
      this._marks = [];
      map.off("moveend zoomend resize viewreset", this.redraw, this);
      map.off("click", this._onClick, this);
    },

    setData: function (data) {
      this._data = unpackIncidents(data);
      this.redraw();
    },

    getBounds: function () { return this._data.bounds || L.latLngBounds([]); },

    data: function () { return this._data; },

    marks: function () { return this._marks; },

    _project: function (map) {
      var scale = 256 * Math.pow(2, map.getZoom());
      var min = map.getPixelBounds().min;
      return { scale: scale, dx: min.x, dy: min.y };
    },

    // Counts points per screen cell; a cell with one point keeps that point's index.
    _cluster: function (size, p, cellPx) {
      var d = this._data;
      var cols = Math.ceil(size.x / cellPx) + 1;
      var rows = Math.ceil(size.y / cellPx) + 1;
      var counts = new Int32Array(cols * rows);
      var sumX = new Float64Array(cols * rows);
      var sumY = new Float64Array(cols * rows);
      var first = new Int32Array(cols * rows);
      for (var i = 0; i < d.count; i++) {
        var x = d.wx[i] * p.scale - p.dx;
        var y = d.wy[i] * p.scale - p.dy;
        if (x < 0 || y < 0 || x >= size.x || y >= size.y) { continue; }
        var cell = Math.floor(y / cellPx) * cols + Math.floor(x / cellPx);
        if (counts[cell] === 0) { first[cell] = i; }
        counts[cell] += 1;
        sumX[cell] += x;
        sumY[cell] += y;
      }
      var marks = [];
      for (var c = 0; c < counts.length; c++) {
        if (counts[c] > 0) {
          marks.push([sumX[c] / counts[c], sumY[c] / counts[c], counts[c], first[c]]);
        }
      }
      return marks;
    },

    redraw: function () {
      var map = this._map;
      if (!map || !this._canvas) { return; }
      var size = map.getSize();
      var ratio = window.devicePixelRatio || 1;
      var canvas = this._canvas;
      L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
      canvas.width = Math.round(size.x * ratio);
      canvas.height = Math.round(size.y * ratio);
      canvas.style.width = size.x + "px";
      canvas.style.height = size.y + "px";
      var ctx = canvas.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      var cellPx = map.getZoom() >= ALL_DOTS_ZOOM ? 1 : CLUSTER_CELL_PX;
      this._marks = this._cluster(size, this._project(map), cellPx);
      for (var i = 0; i < this._marks.length; i++) { this._drawMark(ctx, this._marks[i], cellPx); }
    },

    _drawMark: function (ctx, mark, cellPx) {
      if (mark[2] === 1 || cellPx === 1) {
        ctx.beginPath();
        ctx.arc(mark[0], mark[1], INCIDENT_STYLE.radius, 0, 2 * Math.PI);
        ctx.fillStyle = INCIDENT_STYLE.fillColor;
        ctx.fill();
        ctx.lineWidth = INCIDENT_STYLE.weight;
        ctx.strokeStyle = INCIDENT_STYLE.color;
        ctx.stroke();
        return;
      }
      var style = CLUSTER_STYLES[0];
      for (var k = 0; k < CLUSTER_STYLES.length && mark[2] >= CLUSTER_STYLES[k][0]; k++) {
        style = CLUSTER_STYLES[k + 1] || style;
      }
      ctx.beginPath();
      ctx.arc(mark[0], mark[1], style[1] + 5, 0, 2 * Math.PI);
      ctx.fillStyle = "rgba(129, 140, 248, 0.35)";
      ctx.fill();
      ctx.beginPath();
      ctx.arc(mark[0], mark[1], style[1], 0, 2 * Math.PI);
      ctx.fillStyle = style[2];
      ctx.fill();
      ctx.fillStyle = "#fff";
      ctx.font = "12px system-ui, Arial, sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText(String(mark[2]), mark[0], mark[1]);
    },

    markAt: function (point) {
      var best = null;
      var bestDistance = Infinity;
      for (var i = 0; i < this._marks.length; i++) {
        var m = this._marks[i];
        var reach = m[2] === 1 ? INCIDENT_STYLE.radius + 3 : 24;
        var distance = Math.sqrt((m[0] - point.x) * (m[0] - point.x) + (m[1] - point.y) * (m[1] - point.y));
        if (distance <= reach && distance < bestDistance) { best = m; bestDistance = distance; }
      }
      return best;
    },

    _onClick: function (e) {
      if (state.picking) { return; }
      var mark = this.markAt(e.containerPoint);
      if (!mark) { return; }
      var map = this._map;
      if (mark[2] > 1 && map.getZoom() < ALL_DOTS_ZOOM) {
        map.setView(map.containerPointToLatLng([mark[0], mark[1]]),
                    Math.min(map.getZoom() + 2, ALL_DOTS_ZOOM));
        return;
      }
      var d = this._data;
      var i = mark[3];
      L.popup({ className: "jd-popup" })
        .setLatLng([d.coords[2 * i + 1], d.coords[2 * i]])
        .setContent(incidentCard(i, d)).openOn(map);
      notify("incidentClicked", d.coords[2 * i], d.coords[2 * i + 1]);
    }
  });

  function drawIncidents(data) {
    state.incidents.setData(data);
    state.counts.incidents = state.incidents.data().count;
    var label = document.querySelector(".jd-incident-count");
    if (label) {
      label.textContent = state.counts.incidents.toLocaleString("en-GB") + " incidents";
    }
  }

  /* ---------- density squares ---------- */

  function drawDensity(collection) {
    collection = collection || {};
    var legend = collection.legend || [];
    state.density.clearLayers();
    state.density.jdLegend = legend;
    state.density.addData((collection.features) || []);
    state.counts.density = ((collection.features) || []).length;
    fillDensityLegend(legend, collection.cell_m);
  }

  function makeDensityLayer() {
    var layer = L.geoJSON(null, {
      pane: "jdDensity",
      renderer: L.canvas({ pane: "jdDensity", padding: 0.3 }),
      style: function (feature) {
        var p = feature.properties || {};
        var entry = (layer.jdLegend || [])[p["class"]] || {};
        return { stroke: false, fillColor: entry.colour || "#fd8d3c", fillOpacity: 0.7 };
      },
      onEachFeature: function (feature, sq) {
        var p = feature.properties || {};
        sq.bindTooltip(function () { return el("span", null, p.count + " incidents"); },
                       { sticky: true, className: "jd-tooltip" });
      }
    });
    layer.jdKey = "density";
    return layer;
  }

  /* ---------- responses with a footprint ---------- */

  var RESPONSE_STYLE = { color: "#0e7490", weight: 2, dashArray: "8 4", fillColor: "#06b6d4",
                         fillOpacity: 0.12 };

  function makeResponseLayer() {
    var layer = L.geoJSON(null, {
      pane: "jdAreas",
      style: function () { return RESPONSE_STYLE; },
      pointToLayer: function (feature, latlng) {
        return L.circle(latlng, L.extend({ radius: DEFAULT_RADIUS_M }, RESPONSE_STYLE));
      },
      onEachFeature: function (feature, shape) {
        var p = feature.properties || {};
        shape.bindTooltip(function () { return el("span", null, p.tactic || "Response"); },
                          { sticky: true, className: "jd-tooltip" });
        shape.bindPopup(function () {
          return card(p.tactic || "Response", [["Details", p.description],
                                               ["Started", p.started_on], ["Expires", p.expires_on]]);
        }, { className: "jd-popup" });
      }
    });
    layer.jdKey = "responses";
    return layer;
  }

  function drawResponses(collection) {
    state.responses.clearLayers();
    var features = (collection && collection.features) || [];
    state.responses.addData(features);
    state.counts.responses = features.length;
  }

  /* ---------- drawing lifecycle ---------- */

  // The first view shows where the work is: the hotspots, else the incidents, else the
  // smallest boundaries drawn (a force's wards rather than its whole county).
  var AREA_FIT_ORDER = ["lsoa", "beat", "ward", "neighbourhood", "jag_area", "custom",
                        "local_authority", "force"];

  function dataBounds() {
    var candidates = [state.hotspots, state.incidents];
    AREA_FIT_ORDER.forEach(function (kind) { candidates.push(state.areaGroups[kind]); });
    Object.keys(state.areaGroups).forEach(function (key) { candidates.push(state.areaGroups[key]); });
    for (var i = 0; i < candidates.length; i++) {
      var b = candidates[i] && candidates[i].getBounds();
      if (b && b.isValid()) { return b; }
    }
    return L.latLngBounds([]);
  }

  function reportDrawn() {
    if (!state.fitted) {
      var bounds = dataBounds();
      if (bounds.isValid()) {
        state.map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15, animate: false });
        state.fitted = true;
      }
    }
    var c = state.counts;
    var total = c.areas + c.hotspots + c.incidents + c.responses;
    document.body.setAttribute("data-jd-drawn", String(total));
    notify("layersDrawn", total);
  }

  function setLayers(payload) {
    payload = payload || {};
    if ("areas" in payload) { drawAreas(payload.areas); }
    if ("hotspots" in payload) { drawHotspots(payload.hotspots); }
    if ("responses" in payload) { drawResponses(payload.responses); }
    if ("density" in payload) { drawDensity(payload.density); }
    if ("incidents" in payload) { drawIncidents(payload.incidents); }
    reportDrawn();
  }

  function selectHotspot(id) {
    var layer = highlight(id);
    if (!layer) {
      state.map.closePopup();
      return false;
    }
    var bounds = layer.getBounds();
    if (state.map.getBounds().contains(bounds) && state.map.getZoom() >= 14) {
      state.map.panTo(bounds.getCenter());
    } else {
      state.map.fitBounds(bounds, { maxZoom: 16, padding: [40, 40] });
    }
    if (!state.presenting) { layer.openPopup(bounds.getCenter()); }
    return true;
  }

  // The room reads the hotspot's details beside the map: a popup or the layer list would
  // only cover what they are looking at.
  function setPresenting(on) {
    state.presenting = Boolean(on);
    if (state.presenting) { state.map.closePopup(); }
    if (state.control) {
      state.control.getContainer().style.display = state.presenting ? "none" : "";
    }
  }

  /* ---------- picking a point or drawing a polygon ---------- */

  var PICK_HINTS = {
    point: "Click the map to place the incident \u2014 Esc to cancel",
    polygon: "Click to add corners; double-click or Enter to finish \u2014 Esc to cancel"
  };
  var TOO_FEW = "A polygon needs at least 3 corners \u2014 keep clicking, or Esc to cancel";
  var DRAW_STYLE = { color: SELECTED_COLOUR, weight: 2, dashArray: "5 4", fill: false,
                     interactive: false };
  var SAME_PLACE_PX = 4;  // a double-click's two clicks land here; they make one corner

  function pickHint(text) {
    var hint = L.control({ position: "topleft" });
    hint.onAdd = function () {
      var box = el("div", "jd-pick-hint leaflet-bar", text);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    return hint;
  }

  function setHintText(text) {
    var p = state.picking;
    if (p && p.hint && p.hint.getContainer()) { p.hint.getContainer().textContent = text; }
  }

  function drawOutline(cursor) {
    var p = state.picking;
    var corners = p.vertices.slice();
    if (cursor) { corners.push(cursor); }
    if (corners.length > 2) { corners.push(corners[0]); }
    if (!p.outline) { p.outline = L.polyline([], DRAW_STYLE).addTo(state.map); }
    p.outline.setLatLngs(corners);
  }

  function samePlace(a, b) {
    return state.map.latLngToContainerPoint(a).distanceTo(state.map.latLngToContainerPoint(b))
      <= SAME_PLACE_PX;
  }

  function onPickClick(e) {
    var p = state.picking;
    if (!p) { return; }
    if (p.mode === "point") {
      var lon = e.latlng.lng;
      var lat = e.latlng.lat;
      stopPicking();
      notify("pointPicked", lon, lat);
      return;
    }
    var last = p.vertices[p.vertices.length - 1];
    if (last && samePlace(last, e.latlng)) { return; }
    p.vertices.push(e.latlng);
    p.corners.addLayer(L.circleMarker(e.latlng, { radius: 4, color: SELECTED_COLOUR,
                                                  fillOpacity: 1, interactive: false }));
    drawOutline(null);
  }

  function onPickMove(e) {
    if (state.picking && state.picking.mode === "polygon" && state.picking.vertices.length) {
      drawOutline(e.latlng);
    }
  }

  function finishPolygon() {
    var p = state.picking;
    if (!p || p.mode !== "polygon") { return false; }
    if (p.vertices.length < 3) {
      setHintText(TOO_FEW);
      return false;
    }
    var ring = p.vertices.map(function (ll) { return [ll.lng, ll.lat]; });
    ring.push(ring[0]);
    stopPicking();
    notify("polygonDrawn", JSON.stringify({ type: "Polygon", coordinates: [ring] }));
    return true;
  }

  function onPickKey(e) {
    if (!state.picking) { return; }
    if (e.key === "Escape") {
      e.preventDefault();
      cancelPicking();
    } else if (e.key === "Enter") {
      e.preventDefault();
      finishPolygon();
    }
  }

  function cancelPicking() {
    if (!state.picking) { return false; }
    stopPicking();
    notify("pickingCancelled");
    return true;
  }

  function startPicking(mode, hint) {
    stopPicking();
    if (mode !== "point" && mode !== "polygon") { return false; }
    var map = state.map;
    state.picking = { mode: mode, vertices: [], outline: null,
                      corners: L.layerGroup().addTo(map),
                      hint: pickHint(hint || PICK_HINTS[mode]).addTo(map),
                      zoomed: map.doubleClickZoom.enabled() };
    map.doubleClickZoom.disable();
    L.DomUtil.addClass(map.getContainer(), "jd-picking");
    map.on("click", onPickClick);
    map.on("mousemove", onPickMove);
    map.on("dblclick", finishPolygon);
    document.addEventListener("keydown", onPickKey, true);
    map.getContainer().focus();
    return true;
  }

  function stopPicking() {
    var p = state.picking;
    if (!p) { return false; }
    var map = state.map;
    state.picking = null;
    map.off("click", onPickClick);
    map.off("mousemove", onPickMove);
    map.off("dblclick", finishPolygon);
    document.removeEventListener("keydown", onPickKey, true);
    L.DomUtil.removeClass(map.getContainer(), "jd-picking");
    if (p.outline) { map.removeLayer(p.outline); }
    map.removeLayer(p.corners);
    p.hint.remove();
    if (p.zoomed) { map.doubleClickZoom.enable(); }
    return true;
  }

  function pickingState() {
    var p = state.picking;
    if (!p) { return null; }
    var hint = p.hint.getContainer();
    return { mode: p.mode, vertices: p.vertices.length, hint: hint ? hint.textContent : "" };
  }

  /* ---------- controls ---------- */

  function swatch(colour, className) {
    var box = el("span", className || "jd-swatch");
    box.style.backgroundColor = colour;
    box.style.borderColor = colour;
    return box;
  }

  function legendControl() {
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var box = el("div", "jd-legend leaflet-bar");
      box.appendChild(el("div", "jd-legend-title", "Hotspots"));
      RAG_LABELS.forEach(function (entry) {
        var line = el("div", "jd-legend-row");
        line.appendChild(swatch(RAG_COLOURS[entry[0]]));
        line.appendChild(el("span", null, entry[1]));
        box.appendChild(line);
      });
      var statusLine = el("div", "jd-legend-row jd-legend-note",
                          "Outline: dashed nominated, solid open, dotted monitoring");
      box.appendChild(statusLine);
      var incidents = el("div", "jd-legend-row");
      incidents.appendChild(swatch(INCIDENT_STYLE.fillColor, "jd-swatch jd-swatch-dot"));
      incidents.appendChild(el("span", null, "Incidents (numbers are clusters)"));
      box.appendChild(incidents);
      box.appendChild(el("div", "jd-legend-row jd-legend-note jd-incident-count",
                         state.counts.incidents.toLocaleString("en-GB") + " incidents"));
      var responses = el("div", "jd-legend-row");
      responses.appendChild(swatch(RESPONSE_STYLE.color, "jd-swatch jd-swatch-dashed"));
      responses.appendChild(el("span", null, "Response footprints (e.g. PSPO)"));
      box.appendChild(responses);
      box.appendChild(el("div", "jd-density-legend"));
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    return legend;
  }

  // Filled from the payload's legend (labels made in Python), only while the layer is shown.
  function fillDensityLegend(entries, cellM) {
    var box = document.querySelector(".jd-density-legend");
    if (!box) { return; }
    box.textContent = "";
    var shown = state.map && state.density && state.map.hasLayer(state.density);
    if (!shown || !entries || !entries.length) { return; }
    var title = "Incidents per square" + (cellM ? " (" + Math.round(cellM) + " m)" : "");
    box.appendChild(el("div", "jd-legend-title", title));
    entries.forEach(function (entry) {
      var line = el("div", "jd-legend-row");
      line.appendChild(swatch(String(entry.colour)));
      line.appendChild(el("span", null, entry.label));
      box.appendChild(line);
    });
  }

  function keyOf(layer) { return layer && layer.jdKey; }

  function layerByKey(key) {
    if (key === "hotspots") { return state.hotspots; }
    if (key === "incidents") { return state.incidents; }
    if (key === "density") { return state.density; }
    if (key === "responses") { return state.responses; }
    return state.areaGroups[key] || null;
  }

  // Remembers the choice even for a layer not drawn yet (a boundary kind not imported yet).
  function setLayerVisible(key, visible) {
    key = String(key);
    state.hidden[key] = !visible;
    var layer = layerByKey(key);
    if (!layer) { return false; }
    if (visible) { layer.addTo(state.map); } else { state.map.removeLayer(layer); }
    return true;
  }

  function visibleLayers() {
    var shown = {};
    ["hotspots", "incidents", "density", "responses"].concat(Object.keys(state.areaGroups))
      .forEach(function (key) { shown[key] = state.map.hasLayer(layerByKey(key)); });
    return shown;
  }

  /* ---------- base map ---------- */

  // spec: {kind: "none" | "osm" | "mbtiles", url, attribution (escaped by the app), minZoom,
  // maxNativeZoom}. Tile failures are reported once per base map so the app can say so.
  function setBaseMap(spec) {
    var map = state.map;
    if (state.base) { map.removeLayer(state.base); state.base = null; }
    if (!spec || !spec.url || spec.kind === "none") { return true; }
    var reported = false;
    var layer = L.tileLayer(String(spec.url), {
      attribution: spec.attribution || "",
      maxZoom: MAX_ZOOM,
      maxNativeZoom: spec.maxNativeZoom || MAX_ZOOM,
      minNativeZoom: spec.minNativeZoom || 0,
      crossOrigin: false
    });
    layer.jdKind = spec.kind;
    layer.jdLoaded = 0;
    layer.jdFailed = 0;
    layer.on("tileload", function () { layer.jdLoaded += 1; });
    layer.on("tileerror", function () {
      layer.jdFailed += 1;
      if (!reported) {
        reported = true;
        notify("tilesFailed", String(spec.kind));
      }
    });
    layer.addTo(map);
    layer.bringToBack();
    state.base = layer;
    return true;
  }

  function baseMapState() {
    var b = state.base;
    return b ? { kind: b.jdKind, loaded: b.jdLoaded, failed: b.jdFailed } : { kind: "none" };
  }

  function reportViewport() {
    var b = state.map.getBounds();
    notify("viewportChanged", JSON.stringify([b.getWest(), b.getSouth(), b.getEast(),
                                              b.getNorth(), state.map.getZoom()]));
  }

  function makePane(name, zIndex) {
    state.map.createPane(name).style.zIndex = String(zIndex);
  }

  function attach(map, options) {
    options = options || {};
    state.map = map;
    // With no tile layer Leaflet knows no zoom limits; the incident canvas needs them.
    if (map.options.maxZoom === undefined) { map.setMaxZoom(MAX_ZOOM); }
    if (map.options.minZoom === undefined) { map.setMinZoom(MIN_ZOOM); }
    makePane("jdDensity", 340);
    makePane("jdAreas", 350);
    makePane("jdIncidents", 400);
    // Hotspots are what the meeting talks about, so they sit above the incident clusters; their
    // clicks stop at the hotspot, and the incidents inside one are listed beside the map.
    makePane("jdHotspots", 410);
    state.control = L.control.layers(null, null, { collapsed: false, position: "topright" })
      .addTo(map);
    state.hotspots = makeHotspotLayer();
    state.hotspots.jdKey = "hotspots";
    state.incidents = new IncidentCanvas();
    state.incidents.jdKey = "incidents";
    state.density = makeDensityLayer();
    state.responses = makeResponseLayer();
    [[state.hotspots, "Hotspots"], [state.incidents, "Incidents"],
     [state.density, "Incident density (squares)"], [state.responses, "Response footprints"]]
      .forEach(function (entry) {
        if (!state.hidden[entry[0].jdKey]) { entry[0].addTo(map); }
        state.control.addOverlay(entry[0], entry[1]);
      });
    legendControl().addTo(map);
    map.on("overlayadd overlayremove", function (e) {
      var key = keyOf(e.layer);
      if (!key) { return; }
      state.hidden[key] = e.type === "overlayremove";
      if (key === "density") { fillDensityLegend(state.density.jdLegend, null); }
      notify("layerToggled", key, e.type === "overlayadd");
    });
    map.on("moveend", reportViewport);
    if (options.qtBridge) { connectChannel(); }
    if (options.dataElement) { drawEmbedded(options); }
  }

  // A stand-alone export carries its data in a JSON block, read as text and parsed as data.
  function drawEmbedded(options) {
    var block = document.getElementById(options.dataElement);
    if (!block) { return; }
    var data = JSON.parse(block.textContent);
    Object.keys(data.visible || {}).forEach(function (key) {
      setLayerVisible(key, Boolean(data.visible[key]));
    });
    setLayers(data.layers || {});
  }

  window.jagdesk = {
    attach: attach,
    setLayers: setLayers,
    selectHotspot: selectHotspot,
    setPresenting: setPresenting,
    presenting: function () { return state.presenting; },
    setLayerVisible: setLayerVisible,
    startPicking: startPicking,
    stopPicking: stopPicking,
    cancelPicking: cancelPicking,
    finishPolygon: finishPolygon,
    picking: pickingState,
    setBaseMap: setBaseMap,
    baseMap: baseMapState,
    visibleLayers: visibleLayers,
    counts: function () { return { areas: state.counts.areas, hotspots: state.counts.hotspots,
                                   incidents: state.counts.incidents,
                                   density: state.counts.density,
                                   responses: state.counts.responses }; },
    map: function () { return state.map; },
    incidentLayer: function () { return state.incidents; },
    densityLayer: function () { return state.density; },
    hotspotLayer: function (id) { return state.hotspotsById[id] || null; }
  };
}());
