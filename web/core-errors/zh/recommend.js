// Chinese for the engine's error messages from src/recommend/. Keys are skeletons exactly as
// scripts/core-errors.mjs extracts them ("{}" for each value); a translation names the values
// {0}, {1}, ... in any order and must use every one. Fragments are the pieces helper functions
// add to messages (a location, a hint) and are matched inside a message's values.
export default {
  messages: {
  },
  fragments: {
  },
};
