/*
 * JagDesk map bridge.
 *
 * The page is an empty folium map; the app pushes its layers here as JSON data with
 * window.jagdesk.setLayers(payload) and hears back through the QWebChannel object "bridge"
 * (ready(), layersDrawn(count), hotspotClicked(id), layerToggled(key, visible),
 * pointPicked(lon, lat), polygonDrawn(geojsonText), pickingCancelled()).
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
    incidentData: null,
    selectedId: null,
    fitted: false,
    counts: { areas: 0, hotspots: 0, incidents: 0 },
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

  function incidentCard(point, data) {
    return card(data.categories[point[2]] || "Incident", [["Month", data.months[point[3]]]]);
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
      group.addTo(state.map);
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
                  dashArray: null, pane: "jdHotspots" };
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

  /* ---------- incidents ---------- */

  // Neutral cluster colours, so counts are never mistaken for a hotspot's RAG rating.
  function clusterIcon(cluster) {
    var count = cluster.getChildCount();
    var size = count < 10 ? "small" : (count < 100 ? "medium" : "large");
    var label = el("div", null);
    label.appendChild(el("span", null, count));
    return L.divIcon({ html: label, className: "jd-cluster jd-cluster-" + size,
                       iconSize: L.point(40, 40) });
  }

  function makeIncidentLayer() {
    var group = L.markerClusterGroup({
      // Loaded in one go: a chunked load keeps running on its timer after the data is
      // replaced, and a force-year of points clusters in well under a second.
      chunkedLoading: false,
      // The zoom animation only re-shows markers that have an icon; circle markers have none.
      animate: false,
      iconCreateFunction: clusterIcon,
      showCoverageOnHover: false,
      maxClusterRadius: 60
    });
    group.jdKey = "incidents";
    group.on("click", function (e) {
      var point = e.layer.jdPoint;
      if (!point || !state.incidentData) { return; }
      L.popup({ className: "jd-popup" }).setLatLng(e.latlng)
        .setContent(incidentCard(point, state.incidentData)).openOn(state.map);
    });
    return group;
  }

  function drawIncidents(data) {
    var points = (data && data.points) || [];
    var markers = new Array(points.length);
    for (var i = 0; i < points.length; i++) {
      var point = points[i];
      var marker = L.circleMarker([point[1], point[0]], INCIDENT_STYLE);
      marker.jdPoint = point;
      markers[i] = marker;
    }
    state.incidents.clearLayers();
    state.incidents.addLayers(markers);
    state.incidentData = data;
    state.counts.incidents = points.length;
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
    notify("layersDrawn", c.areas + c.hotspots + c.incidents);
  }

  function setLayers(payload) {
    payload = payload || {};
    if ("areas" in payload) { drawAreas(payload.areas); }
    if ("hotspots" in payload) { drawHotspots(payload.hotspots); }
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
    layer.openPopup(bounds.getCenter());
    return true;
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
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    return legend;
  }

  function keyOf(layer) { return layer && layer.jdKey; }

  function layerByKey(key) {
    if (key === "hotspots") { return state.hotspots; }
    if (key === "incidents") { return state.incidents; }
    return state.areaGroups[key] || null;
  }

  function setLayerVisible(key, visible) {
    var layer = layerByKey(key);
    if (!layer) { return false; }
    if (visible) { layer.addTo(state.map); } else { state.map.removeLayer(layer); }
    return true;
  }

  function makePane(name, zIndex) {
    state.map.createPane(name).style.zIndex = String(zIndex);
  }

  // MarkerCluster fades markers with clusterHide/clusterShow, which only L.Marker has.
  // Hiding twice must not forget the real opacity, so it is saved only on the first hide.
  function teachCircleMarkersToHide() {
    L.CircleMarker.include({
      clusterHide: function () {
        if (!this._jdSaved) { this._jdSaved = [this.options.opacity, this.options.fillOpacity]; }
        return this.setStyle({ opacity: 0, fillOpacity: 0 });
      },
      clusterShow: function () {
        if (this._jdSaved) {
          this.setStyle({ opacity: this._jdSaved[0], fillOpacity: this._jdSaved[1] });
          this._jdSaved = null;
        }
        return this;
      }
    });
  }

  function attach(map, options) {
    options = options || {};
    state.map = map;
    // With no tile layer Leaflet knows no zoom limits, and MarkerCluster needs one.
    if (map.options.maxZoom === undefined) { map.setMaxZoom(MAX_ZOOM); }
    if (map.options.minZoom === undefined) { map.setMinZoom(MIN_ZOOM); }
    teachCircleMarkersToHide();
    makePane("jdAreas", 350);
    makePane("jdHotspots", 390);  // under incidents (400) so they stay clickable
    state.control = L.control.layers(null, null, { collapsed: false, position: "topright" })
      .addTo(map);
    state.hotspots = makeHotspotLayer();
    state.hotspots.jdKey = "hotspots";
    state.hotspots.addTo(map);
    state.control.addOverlay(state.hotspots, "Hotspots");
    state.incidents = makeIncidentLayer();
    state.incidents.addTo(map);
    state.control.addOverlay(state.incidents, "Incidents");
    legendControl().addTo(map);
    map.on("overlayadd overlayremove", function (e) {
      var key = keyOf(e.layer);
      if (key) { notify("layerToggled", key, e.type === "overlayadd"); }
    });
    if (options.qtBridge) { connectChannel(); }
  }

  window.jagdesk = {
    attach: attach,
    setLayers: setLayers,
    selectHotspot: selectHotspot,
    setLayerVisible: setLayerVisible,
    startPicking: startPicking,
    stopPicking: stopPicking,
    cancelPicking: cancelPicking,
    finishPolygon: finishPolygon,
    picking: pickingState,
    counts: function () { return { areas: state.counts.areas, hotspots: state.counts.hotspots,
                                   incidents: state.counts.incidents }; },
    map: function () { return state.map; },
    incidentLayer: function () { return state.incidents; },
    hotspotLayer: function (id) { return state.hotspotsById[id] || null; }
  };
}());
