// Progressive enhancement only: every form here works without this file.
import { initAll } from "./nhsuk/nhsuk-frontend.min.js";
import { enhanceLive } from "./live.mjs";
import { enhanceSimilar } from "./similar.mjs";
import { enhanceVotes } from "./votes.mjs";

initAll();
enhanceVotes(document);
enhanceSimilar(document);
enhanceLive(document);
