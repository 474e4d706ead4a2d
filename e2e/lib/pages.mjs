// The main page of every portal, for the screenshot tour. Adding a portal
// page to the README's screenshots is one entry here: `name` gives the file
// names (`<name>-phone.png`, `<name>-desktop.png`), `path` the URL, `as` the
// account to sign in with first (one of the roles `accounts()` makes), and
// `ready` a selector that is visible once the page has its content.

export const PORTAL_PAGES = [
  { name: "login", path: "/login", ready: "input#login" },
  { name: "me", path: "/me", as: "consumer", ready: "main dl" },
  { name: "not-found", path: "/no-such-page", ready: "main h1" },
];
