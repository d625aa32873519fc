// Chinese for the page's own error messages (web/*.js and web/views/*.js). Keys are skeletons
// exactly as scripts/core-errors.mjs extracts them ("{}" for each ${value}); a translation names
// the values {0}, {1}, ... in any order and must use every one.
export default {
  messages: {
  },
  fragments: {
  },
};
