// cruscotto web: drag and drop of the files, sorting of the anomalies,
// traces of the indicators. Plain JavaScript, no build step; the page works
// without it (file inputs, links) and is only nicer with it.
"use strict";

function showChosen(zone) {
  const input = zone.querySelector("input[type=file]");
  const out = zone.querySelector(".scelti");
  const names = Array.from(input.files).map(function (f) { return f.name; });
  out.textContent = names.length ? names.join(", ") : "nessun file";
  zone.classList.toggle("piena", names.length > 0);
}

// Puts `files` into the input of `zone` (added to those there when it takes several).
function addFiles(zone, files) {
  const input = zone.querySelector("input[type=file]");
  const dt = new DataTransfer();
  if (input.multiple) {
    Array.from(input.files).forEach(function (f) { dt.items.add(f); });
    Array.from(files).forEach(function (f) { dt.items.add(f); });
  } else if (files.length) {
    dt.items.add(files[0]);
  }
  input.files = dt.files;
  showChosen(zone);
}

// The zone a file dropped anywhere on the page goes to, guessed from its name.
function zoneFor(file) {
  const n = file.name.toLowerCase();
  let campo = "piani";
  if (n.endsWith(".toml")) campo = "regole";
  else if (n.includes("organigramma")) campo = "organigramma";
  else if (n.includes("consuntiv")) campo = "consuntivi";
  else if (n.includes("rettific")) campo = "rettifiche";
  else if (n.includes("normalizzat") || n.includes("precedent")) campo = "precedente";
  return document.querySelector('.zona[data-campo="' + campo + '"]');
}

function setupForm() {
  const form = document.getElementById("modulo");
  if (!form) return;
  document.querySelectorAll(".zona").forEach(function (zone) {
    const input = zone.querySelector("input[type=file]");
    input.addEventListener("change", function () { showChosen(zone); });
    zone.addEventListener("dragover", function (e) { e.preventDefault(); zone.classList.add("sopra"); });
    zone.addEventListener("dragleave", function () { zone.classList.remove("sopra"); });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      e.stopPropagation();
      zone.classList.remove("sopra");
      addFiles(zone, e.dataTransfer.files);
    });
    showChosen(zone);
  });
  document.addEventListener("dragover", function (e) { e.preventDefault(); });
  document.addEventListener("drop", function (e) {
    e.preventDefault();
    Array.from(e.dataTransfer.files).forEach(function (f) {
      const zone = zoneFor(f);
      if (zone) addFiles(zone, [f]);
    });
  });
  form.addEventListener("submit", function () {
    form.querySelector(".attesa").hidden = false;
  });
}

function cellValue(row, i, kind) {
  const cell = row.cells[i];
  const v = cell.dataset.valore !== undefined ? cell.dataset.valore : cell.textContent;
  return kind === "numero" ? Number(v) : v.toLowerCase();
}

function setupSorting() {
  document.querySelectorAll("table.ordinabile").forEach(function (table) {
    table.querySelectorAll("th").forEach(function (th, i) {
      th.addEventListener("click", function () {
        const up = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", up ? "ascending" : "descending");
        const kind = th.dataset.tipo;
        const body = table.tBodies[0];
        const rows = Array.from(body.rows);
        rows.sort(function (a, b) {
          const x = cellValue(a, i, kind), y = cellValue(b, i, kind);
          const c = kind === "numero" ? x - y : x.localeCompare(y, "it");
          return up ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
}

function setupTraces() {
  const box = document.getElementById("traccia");
  if (!box) return;
  const pre = box.querySelector("pre");
  document.getElementById("chiudi-traccia").addEventListener("click", function () { box.hidden = true; });
  document.querySelectorAll("a.spiega").forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      fetch(a.href).then(function (r) { return r.text(); }).then(function (t) {
        pre.textContent = t;
        box.hidden = false;
      }).catch(function () {
        pre.textContent = "impossibile leggere la spiegazione dell'indicatore";
        box.hidden = false;
      });
    });
  });
}

document.addEventListener("DOMContentLoaded", function () {
  setupForm();
  setupSorting();
  setupTraces();
});
