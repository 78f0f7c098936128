// htmx requests carry the page's CSRF token (the console refuses unsafe requests without it).
document.addEventListener('htmx:configRequest', (event) => {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) event.detail.headers['X-CSRF-Token'] = meta.getAttribute('content');
});
