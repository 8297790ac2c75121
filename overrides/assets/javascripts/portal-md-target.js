// Material for MkDocs (MIT licence), partials/javascripts/content.html, moved out of the page for the
// Content-Security-Policy.
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
