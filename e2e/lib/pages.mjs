// The main page of every portal, for the screenshot tour. Adding a portal
// page to the README's screenshots is one entry here: `name` gives the file
// names (`<name>-phone.png`, `<name>-desktop.png`), `path` the URL, `as` the
// account to sign in with first (one of the roles the tour's `accounts`
// makes in tests/screenshots.test.mjs), and `ready` a selector that is
// visible once the page has its content (or only present, with `state:
// "attached"`, for things such as the options of a list).

export const PORTAL_PAGES = [
  // The public portal
  { name: "home", path: "/", ready: "main ul.hits li" },
  { name: "complaints", path: "/complaints", ready: "main ul.hits li" },
  { name: "guidance", path: "/guidance", ready: "main ul.hits li" },
  { name: "performance", path: "/performance", ready: "main select#association option:nth-child(2)", state: "attached" },
  // Signing in
  { name: "login", path: "/login", ready: "input#login" },
  { name: "me", path: "/me", as: "consumer", ready: "main dl" },
  // The consumer's portal
  { name: "my-complaints", path: "/my/complaints", as: "consumer", ready: "main .case-list li" },
  { name: "file", path: "/file", as: "consumer", ready: "main select#region_code option:nth-child(2)", state: "attached" },
  // The business portal
  { name: "business-inbox", path: "/business/inbox", as: "business", ready: "main .case-list li" },
  { name: "business-join", path: "/business/join", as: "business", ready: "main input#commitment_accepted" },
  // The association's staff portal
  { name: "staff-intake", path: "/staff/intake", as: "intake", ready: "main .case-list li" },
  // The platform admin's portal
  { name: "admin-associations", path: "/admin/associations", as: "admin", ready: "main .case-list li" },
  { name: "not-found", path: "/no-such-page", ready: "main h1" },
];
