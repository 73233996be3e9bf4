"use strict";
// The replay of one run: the data is the JSON in #replay-data; everything here only draws it.
(function () {
  const data = JSON.parse(document.getElementById("replay-data").textContent);
  const hosts = data.hosts;
  const frames = data.frames;
  const SVG = "http://www.w3.org/2000/svg";
  const byId = (id) => document.getElementById(id);
  const named = { greengrass: "#2b8a3e", cloud: "#1971c2" };
  const palette = ["#9c36b5", "#0c8599", "#e64980", "#5c940d"];
  const endpointColor = (index) => named[data.endpoints[index]] ?? palette[index % palette.length];
  const lastSeconds = Math.max(data.durationSeconds, frames.length ? frames[frames.length - 1].seconds : 0, 1);

  function svg(name, attributes, parent) {
    const element = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
    if (parent) parent.appendChild(element);
    return element;
  }

  function clock(seconds) {
    const total = Math.round(seconds);
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    return `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
  }

  function bytes(count) {
    if (count >= 1e6) return `${(count / 1e6).toFixed(1)} MB`;
    if (count >= 1e3) return `${(count / 1e3).toFixed(1)} kB`;
    return `${count} B`;
  }

  function offset(ms) {
    if (!ms) return "0";
    const sign = ms > 0 ? "+" : "-";
    const size = Math.abs(ms);
    return size >= 1000 ? `${sign}${(size / 1000).toFixed(1)} s` : `${sign}${size} ms`;
  }

  // Header and legend.
  byId("title").textContent = `Replay: ${data.scenario}`;
  byId("meta").textContent =
    `seed ${data.seed} · trace hash ${data.traceHash} · ${hosts.length} hosts · ${frames.length} frames kept of ${data.framesDrawn} drawn · ` +
    `run ${clock(data.durationSeconds)}, then heal and drain to ${clock(lastSeconds)}`;
  const legend = byId("legend");
  const legendItem = (color, text, border) => {
    const item = document.createElement("span");
    const dot = document.createElement("i");
    dot.style.background = color;
    if (border) dot.style.border = border;
    item.append(dot, text);
    legend.append(item);
  };
  data.endpoints.forEach((name, index) => legendItem(endpointColor(index), `syncing via ${name}`));
  legendItem("#f59f00", "up, no live upstream");
  legendItem("#495057", "up (the cloud has no upstream)");
  legendItem("#adb5bd", "down");
  legendItem("#fff", "writes queued in outbox", "2px solid #c92a2a");
  legendItem("#fff", "clock skewed", "2px dashed #7048e8");

  // Topology: one box per segment (cloud region on top, buildings and the carrier below), servers
  // as squares along a box's top, devices in a grid under them.
  const topology = byId("topology");
  const position = new Array(hosts.length);
  const marks = new Array(hosts.length);
  const cell = 9;
  const boxes = data.segments.map((segment, index) => {
    const members = hosts.map((host, i) => i).filter((i) => hosts[i].segment === index);
    const servers = members.filter((i) => hosts[i].role !== "device");
    const devices = members.filter((i) => hosts[i].role === "device");
    const columns = Math.max(1, Math.ceil(Math.sqrt(devices.length * 1.8)));
    const rows = Math.ceil(devices.length / columns);
    const label = `${segment.name} (${segment.kind}, ${devices.length} devices)`;
    const width = Math.max(150, columns * cell + 24, servers.length * 22 + 24, label.length * 6.3 + 16);
    const height = 44 + (servers.length ? 22 : 0) + rows * cell + 8;
    return { segment, label, servers, devices, columns, width, height, top: segment.kind === "cloudregion" };
  });
  const viewWidth = 1140;
  let y = 8;
  for (const row of [boxes.filter((box) => box.top), boxes.filter((box) => !box.top)]) {
    let x = 8;
    let rowHeight = 0;
    const placed = [];
    for (const box of row) {
      if (x + box.width > viewWidth && placed.length) {
        y += rowHeight + 16;
        x = 8;
        rowHeight = 0;
      }
      box.x = x;
      box.y = y;
      x += box.width + 16;
      rowHeight = Math.max(rowHeight, box.height);
      placed.push(box);
    }
    if (placed.length) y += rowHeight + 40;
  }
  const flowLayer = svg("g", { id: "flows" });
  for (const box of boxes) {
    svg("rect", { class: "segment", x: box.x, y: box.y, width: box.width, height: box.height, rx: 6 }, topology);
    svg("text", { class: "segment-name", x: box.x + 8, y: box.y + 15 }, topology).textContent = box.label;
    box.servers.forEach((i, n) => {
      position[i] = [box.x + 16 + n * 22, box.y + 34];
      marks[i] = svg("rect", { class: "host server", x: position[i][0] - 7, y: position[i][1] - 7, width: 14, height: 14, "data-host": hosts[i].name }, topology);
    });
    const gridTop = box.y + 30 + (box.servers.length ? 22 : 0);
    box.devices.forEach((i, n) => {
      position[i] = [box.x + 16 + (n % box.columns) * cell, gridTop + Math.floor(n / box.columns) * cell];
      marks[i] = svg("circle", { class: "host", cx: position[i][0], cy: position[i][1], r: 3.4, "data-host": hosts[i].name }, topology);
    });
  }
  topology.appendChild(flowLayer);
  topology.setAttribute("viewBox", `0 0 ${viewWidth} ${Math.max(y - 24, 60)}`);
  marks.forEach((mark, i) => {
    const title = svg("title", {}, mark);
    title.textContent = `${hosts[i].name} (${hosts[i].kind}, ${hosts[i].link})`;
    mark.addEventListener("click", () => select(i));
  });

  // Timeline: virtual time left to right, each fault a band in its own lane, the run's end dashed.
  const timeline = byId("timeline");
  const width = 1140;
  const left = 10;
  const span = width - 2 * left;
  const xOf = (seconds) => left + (seconds / lastSeconds) * span;
  const lanes = [];
  const faultLane = data.faults.map((fault) => {
    const end = fault.endSeconds ?? fault.startSeconds;
    let lane = lanes.findIndex((laneEnd) => laneEnd < fault.startSeconds);
    if (lane < 0) lane = lanes.push(0) - 1;
    lanes[lane] = end + lastSeconds / 200;
    return lane;
  });
  const laneHeight = 12;
  const axisY = 8 + Math.max(1, lanes.length) * laneHeight + 6;
  timeline.setAttribute("viewBox", `0 0 ${width} ${axisY + 22}`);
  data.faults.forEach((fault, n) => {
    const top = 6 + faultLane[n] * laneHeight;
    const mark = fault.endSeconds == null
      ? svg("line", { class: "fault-instant fault-mark", x1: xOf(fault.startSeconds), x2: xOf(fault.startSeconds), y1: top, y2: axisY }, timeline)
      : svg("rect", { class: "fault fault-mark", x: xOf(fault.startSeconds), y: top, width: Math.max(2, xOf(fault.endSeconds) - xOf(fault.startSeconds)), height: laneHeight - 2 }, timeline);
    svg("title", {}, mark).textContent =
      `${fault.label}: ${clock(fault.startSeconds)}${fault.endSeconds == null ? " (never heals)" : ` to ${clock(fault.endSeconds)}`}`;
  });
  svg("line", { class: "axis", x1: left, x2: left + span, y1: axisY, y2: axisY }, timeline);
  for (let tick = 0; tick <= 6; tick++) {
    const seconds = (lastSeconds * tick) / 6;
    svg("text", { x: xOf(seconds), y: axisY + 14, "text-anchor": tick === 0 ? "start" : tick === 6 ? "end" : "middle" }, timeline).textContent = clock(seconds);
  }
  svg("line", { class: "run-end", x1: xOf(data.durationSeconds), x2: xOf(data.durationSeconds), y1: 2, y2: axisY }, timeline);
  const cursor = svg("line", { class: "cursor", y1: 0, y2: axisY + 4 }, timeline);
  timeline.addEventListener("click", (event) => {
    const box = timeline.getBoundingClientRect();
    const seconds = ((event.clientX - box.left) / box.width * width - left) / span * lastSeconds;
    let best = 0;
    frames.forEach((frame, i) => {
      if (Math.abs(frame.seconds - seconds) < Math.abs(frames[best].seconds - seconds)) best = i;
    });
    show(best);
  });

  // The host table: built once, its cells rewritten per frame.
  const tbody = byId("host-rows");
  const cells = hosts.map((host) => {
    const row = document.createElement("tr");
    row.dataset.host = host.name;
    const values = [host.name, host.role === "device" ? host.kind : host.role, data.segments[host.segment].name, "", "", "", ""];
    const tds = values.map((value) => {
      const td = document.createElement("td");
      td.textContent = value;
      row.append(td);
      return td;
    });
    tbody.append(row);
    return { row, online: tds[3], endpoint: tds[4], outbox: tds[5], skew: tds[6] };
  });
  byId("filter").addEventListener("input", (event) => {
    const text = event.target.value.trim().toLowerCase();
    cells.forEach((cellsOfHost, i) => {
      cellsOfHost.row.hidden = text !== "" && !hosts[i].name.toLowerCase().includes(text) && !hosts[i].kind.toLowerCase().includes(text);
    });
  });

  let selected = -1;
  function select(i) {
    if (selected >= 0) {
      cells[selected].row.classList.remove("selected");
      marks[selected].classList.remove("selected");
    }
    selected = i;
    cells[i].row.classList.add("selected");
    marks[i].classList.add("selected");
    cells[i].row.scrollIntoView({ block: "nearest" });
  }

  // One frame: colour every host, draw the interval's flows, fill the table and the summary.
  const scrubber = byId("scrubber");
  scrubber.max = String(Math.max(0, frames.length - 1));
  function show(index) {
    const frame = frames[index];
    scrubber.value = String(index);
    const outbox = new Map(frame.outboxes.map(([host, depth]) => [host, depth]));
    const skew = new Map(frame.clockOffsetsMs.map(([host, ms]) => [host, ms]));
    const counts = { online: 0, idle: 0, queued: 0 };
    const perEndpoint = data.endpoints.map(() => 0);
    hosts.forEach((host, i) => {
      const code = frame.states[i];
      const online = code !== "-";
      const endpoint = online && code !== "." ? code.charCodeAt(0) - 97 : -1;
      const depth = outbox.get(i) ?? 0;
      const ms = skew.get(i) ?? 0;
      if (online) counts.online++;
      if (online && endpoint < 0 && host.role === "device") counts.idle++;
      if (endpoint >= 0) perEndpoint[endpoint]++;
      counts.queued += depth;
      const mark = marks[i];
      const state = !online ? " s-off" : host.role === "cloud" ? " s-up" : endpoint < 0 ? " s-idle" : "";
      mark.setAttribute("class", `host${host.role === "device" ? "" : " server"}${state}${depth ? " queued" : ""}${ms ? " skewed" : ""}${i === selected ? " selected" : ""}`);
      mark.style.fill = endpoint >= 0 ? endpointColor(endpoint) : "";
      const row = cells[i];
      row.row.className = `${online ? "" : "off"}${i === selected ? " selected" : ""}`;
      row.online.textContent = online ? "online" : "down";
      row.endpoint.textContent = endpoint >= 0 ? data.endpoints[endpoint] : online && host.role !== "cloud" ? "none" : "";
      row.outbox.textContent = String(depth);
      row.skew.textContent = offset(ms);
    });

    flowLayer.replaceChildren();
    const flowRows = byId("flow-rows");
    flowRows.replaceChildren();
    let flowBytes = frame.otherBytes;
    frame.flows.forEach(([from, to, count]) => {
      flowBytes += count;
      const line = svg("line", { class: "flow", x1: position[from][0], y1: position[from][1], x2: position[to][0], y2: position[to][1] }, flowLayer);
      line.setAttribute("stroke-width", (0.4 + Math.log10(1 + count) / 2.5).toFixed(2));
      line.setAttribute("stroke-opacity", Math.min(0.9, 0.15 + Math.log10(1 + count) / 8).toFixed(2));
      svg("title", {}, line).textContent = `${hosts[from].name} ↔ ${hosts[to].name}: ${bytes(count)}`;
      if (flowRows.childElementCount < 15) {
        const row = document.createElement("tr");
        for (const value of [hosts[from].name, hosts[to].name, bytes(count)]) {
          const td = document.createElement("td");
          td.textContent = value;
          row.append(td);
        }
        flowRows.append(row);
      }
    });

    const since = index > 0 ? frames[index - 1].seconds : 0;
    byId("time").textContent = `t = ${clock(frame.seconds)} · frame ${index + 1} of ${frames.length}`;
    byId("summary").textContent =
      `${counts.online} of ${hosts.length} hosts up · ` +
      data.endpoints.map((name, n) => `${perEndpoint[n]} via ${name}`).join(" · ") +
      ` · ${counts.idle} devices with no live upstream · ${counts.queued} writes queued · ` +
      `${bytes(flowBytes)} of sync traffic in ${clock(frame.seconds - since)} (${frame.flows.length} busiest flows drawn)`;
    const active = data.faults.filter((fault) => fault.startSeconds <= frame.seconds && (fault.endSeconds == null || fault.endSeconds > frame.seconds));
    byId("faults-now").textContent = active.length ? `Faults now: ${active.map((fault) => fault.label).join("; ")}` : "No fault active.";
    cursor.setAttribute("x1", xOf(frame.seconds));
    cursor.setAttribute("x2", xOf(frame.seconds));
  }

  scrubber.addEventListener("input", () => show(Number(scrubber.value)));
  let timer = null;
  byId("play").addEventListener("click", () => {
    if (timer) {
      clearInterval(timer);
      timer = null;
      byId("play").textContent = "Play";
      return;
    }
    byId("play").textContent = "Pause";
    timer = setInterval(() => {
      const next = Number(scrubber.value) + 1;
      if (next >= frames.length) {
        clearInterval(timer);
        timer = null;
        byId("play").textContent = "Play";
        return;
      }
      show(next);
    }, 120);
  });

  if (frames.length) show(0);
  document.body.dataset.ready = "true";
})();
