// A TypeDoc plugin (typedoc.json "plugin"): no "Defined in" for what the package does not define. Members
// inherited from the DOM, ES or Node's types (an element's HTMLElement members, an error's `stack`) keep
// their "Inherited from" line but lose the source reference, which would link into node_modules/.
import { Converter } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(
    Converter.EVENT_RESOLVE_END,
    (context) => {
      for (const reflection of Object.values(context.project.reflections)) {
        const sources = /** @type {{ sources?: { fullFileName: string }[] }} */ (reflection).sources;
        if (!sources) continue;
        const own = sources.filter((source) => !/[\\/]node_modules[\\/]/.test(source.fullFileName));
        /** @type {{ sources?: unknown[] }} */ (reflection).sources = own.length > 0 ? own : undefined;
      }
    },
    // after the source plugin has made the links
    -100,
  );
}
