// Progressive enhancement only: every page works without JavaScript.
import { initAll } from "/assets/govuk/govuk-frontend.min.js";
import { initAll as initMoj } from "/assets/moj/moj-frontend.min.js";
import { start as startOffline } from "/assets/wholefamily/offline/offline.mjs";

initAll();
initMoj();
startOffline();
