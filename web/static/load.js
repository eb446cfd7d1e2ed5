// The upload page (/load) and the history page (/loads): plain JS, text only (no HTML
// built from data). The write token lives only in its form field, for the page's life:
// never in sessionStorage or localStorage, where any script of this origin could read it
// after the page is left.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const tokenInput = $("token");
  try { sessionStorage.removeItem("kg-write-token"); } catch (e) { /* storage switched off */ }

  function say(text, bad) {
    const status = $("status");
    status.textContent = text;
    status.classList.toggle("bad", !!bad);
  }

  function fill(list, items, className) {
    list.replaceChildren();
    for (const item of items) {
      const li = document.createElement("li");
      li.textContent = item;
      if (className) li.className = className;
      list.appendChild(li);
    }
  }

  function send(url, body, onDone, onProgress) {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("Accept", "application/json");
    const token = tokenInput ? tokenInput.value : "";
    if (token) xhr.setRequestHeader("Authorization", "Bearer " + token);
    if (onProgress) xhr.upload.addEventListener("progress", onProgress);
    xhr.addEventListener("load", () => {
      let data = null;
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = { message: xhr.statusText }; }
      onDone(xhr.status, data);
    });
    xhr.addEventListener("error", () => onDone(0, { message: "the server could not be reached" }));
    xhr.send(body);
  }

  // --- /load ------------------------------------------------------------------------
  const form = $("load-form");
  if (form) {
    let files = [];
    const input = $("files"), drop = $("drop"), chosen = $("chosen"), bar = $("progress");
    const show = () => fill(chosen, files.map((f) => f.name + " (" + f.size.toLocaleString() + " bytes)"));
    input.addEventListener("change", () => { files = Array.from(input.files); show(); });
    ["dragenter", "dragover"].forEach((t) => drop.addEventListener(t, (e) => {
      e.preventDefault(); drop.classList.add("over");
    }));
    ["dragleave", "drop"].forEach((t) => drop.addEventListener(t, () => drop.classList.remove("over")));
    drop.addEventListener("drop", (e) => {
      e.preventDefault();
      files = files.concat(Array.from(e.dataTransfer.files));
      show();
    });

    const result = (status, data, checking) => {
      $("load-button").disabled = $("check-button").disabled = false;
      bar.hidden = true;
      $("result").hidden = false;
      const ok = status >= 200 && status < 300;
      const failed = !ok || (checking && data.conforms === false);
      $("result-title").textContent = !ok ? "Not loaded" : checking ? (data.conforms ? "The files pass" : "The files do not pass")
        : data.dry_run ? "Dry run: nothing was changed" : "Loaded";
      const counts = $("counts");
      counts.replaceChildren();
      const rows = ok ? [["Load", data.id], ["Graph", data.graph], ["Triples", data.triples],
        ["Added", data.added], ["Removed", data.removed],
        ["Files", (data.files || []).map((f) => f.name + " (" + f.triples + " triples, sha256 " + f.sha256.slice(0, 12) + "…)").join("; ")]]
        : [["Error", data.message + (data.hint ? " (" + data.hint + ")" : "")]];
      if (!ok && data.line) rows.push(["Where", (data.source || "") + ":" + data.line + ":" + (data.column || "")]);
      for (const [k, v] of rows) {
        const dt = document.createElement("dt"), dd = document.createElement("dd");
        dt.textContent = k; dd.textContent = String(v);
        counts.append(dt, dd);
      }
      const violations = data.violations || [];
      $("violations-box").hidden = !violations.length;
      fill($("violations"), violations, "violation");
      const warnings = data.warnings || [];
      $("warnings-box").hidden = !warnings.length;
      fill($("warnings"), warnings);
      const diff = (data.removed_triples || []).map((t) => "- " + t).concat((data.added_triples || []).map((t) => "+ " + t));
      $("diff-box").hidden = !ok || !diff.length;
      $("diff").textContent = diff.join("\n");
      say(failed ? "Nothing was stored." : checking ? "Checked; nothing was stored." : data.dry_run ? "Dry run done; nothing was stored." : "Stored as load " + data.id + ".", failed);
    };

    const submit = (checking) => {
      if (!files.length) { say("Choose or drop at least one file first.", true); return; }
      if (!checking && !tokenInput.value) { say("Enter the write token to load; “Check only” needs none.", true); return; }
      const body = new FormData();
      for (const f of files) body.append("file", f, f.name);
      for (const name of ["graph", "source"]) if ($(name).value) body.append(name, $(name).value);
      for (const name of ["replace", "dry_run"]) if ($(name).checked) body.append(name, "true");
      $("load-button").disabled = $("check-button").disabled = true;
      bar.hidden = false; bar.value = 0;
      say(checking ? "Checking…" : "Uploading…");
      send(checking ? form.dataset.validate : form.action, body, (s, d) => result(s, d, checking), (e) => {
        if (e.lengthComputable) {
          bar.value = Math.round(100 * e.loaded / e.total);
          say(e.loaded < e.total ? "Uploading… " + bar.value + "%" : "Parsing, checking and storing…");
        }
      });
    };
    form.addEventListener("submit", (e) => { e.preventDefault(); submit(false); });
    $("check-button").addEventListener("click", () => submit(true));
  }

  // --- /loads -----------------------------------------------------------------------
  for (const button of document.querySelectorAll("button.undo")) {
    button.addEventListener("click", () => {
      if (!tokenInput || !tokenInput.value) { say("Enter the write token to undo a load.", true); return; }
      button.disabled = true;
      say("Undoing load " + button.dataset.id + "…");
      send(button.dataset.url, null, (status, data) => {
        button.disabled = false;
        if (status >= 200 && status < 300) {
          const item = document.getElementById("load-" + button.dataset.id);
          if (item) item.remove();
          say("Load " + data.unloaded + " was undone: " + data.added + " triples taken out, " + data.removed + " put back.");
        } else {
          say("Not undone: " + data.message + (data.hint ? " (" + data.hint + ")" : ""), true);
        }
      });
    });
  }
})();
