// Opening and closing tree nodes; the children are loaded once by htmx (hx-trigger="click once").
document.addEventListener("click", function (event) {
  const button = event.target.closest("[data-toggle-tree]");
  if (!button) return;
  const list = button.closest("li").querySelector(":scope > ul");
  const open = button.getAttribute("aria-expanded") === "true";
  button.setAttribute("aria-expanded", String(!open));
  button.querySelector("i").className = open ? "bi bi-chevron-right" : "bi bi-chevron-down";
  list.hidden = open;
});
