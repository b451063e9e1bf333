// The API reference, read from /openapi.json (no external script: the page's CSP allows none).
"use strict";
(async () => {
  const main = document.getElementById("routes");
  const token = sessionStorage.getItem("reportgen-token");
  const res = await fetch("/openapi.json", { headers: token ? { Authorization: "Bearer " + token } : {} });
  if (!res.ok) { main.textContent = "openapi.json을 읽지 못했습니다 (" + res.status + ")"; return; }
  const spec = await res.json();
  main.replaceChildren();
  const intro = document.createElement("p");
  intro.textContent = spec.info.description + " — version " + spec.info.version;
  main.append(intro);
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const sec = document.createElement("section");
      sec.className = "route";
      const h = document.createElement("h2");
      const code = document.createElement("code");
      code.textContent = method.toUpperCase() + " " + path;
      h.append(code);
      const p = document.createElement("p");
      p.textContent = op.summary || "";
      const params = (op.parameters || []).map((x) => x.name + " (" + x.in + ")" + (x.description ? ": " + x.description : ""));
      const body = op.requestBody ? "body: " + Object.keys(op.requestBody.content).join(", ") : "";
      const codes = "answers: " + Object.keys(op.responses).join(", ");
      const ul = document.createElement("ul");
      for (const line of [...params, body, codes].filter(Boolean)) {
        const li = document.createElement("li");
        li.textContent = line;
        ul.append(li);
      }
      sec.append(h, p, ul);
      main.append(sec);
    }
  }
})();
