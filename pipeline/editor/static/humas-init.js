// humas: loaded before decap-cms.js. Decap starts itself as soon as its bundle has run, and then reads its
// configuration while the scripts after it may still be on their way: on a slow machine or network it drew
// its interface in English, without the humas widgets and save handler. Started by humas-editor.js instead,
// once the Indonesian locale (humas-locale.js) and those are registered.
window.CMS_MANUAL_INIT = true;
