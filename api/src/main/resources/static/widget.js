// The visitor widget, embedded on any page with one tag:
//   <script src="https://chat.example/widget.js" data-site="shop" async></script>
// It places a <livechat-widget> on the page and loads its module from the same server, which is also the API it
// talks to. Optional: data-skill (the skill a chat asks for), data-customer-id and data-signature (a customer signed
// in on the site, signed by the site's backend), data-title.
(function () {
  var script = document.currentScript;
  if (!script || customElements.get('livechat-widget')) {
    return;
  }
  var base = new URL('./', script.src).href;
  var widget = document.createElement('livechat-widget');
  widget.setAttribute('api', base);
  ['site', 'skill', 'customerId', 'signature', 'title'].forEach(function (name) {
    if (script.dataset[name]) {
      widget.dataset[name] = script.dataset[name];
    }
  });
  function place() {
    document.body.appendChild(widget);
  }
  if (document.body) {
    place();
  } else {
    document.addEventListener('DOMContentLoaded', place);
  }
  import(base + 'clients/widget/widget.js');
})();
