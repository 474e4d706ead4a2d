// Seeding through the REST API, the way a person or an integration would:
// the platform admin makes associations' staff, businesses and their users;
// consumers register themselves. Every helper throws with the server's
// problem+json when the call is refused, so a failed seed names its cause.

import { randomUUID } from "node:crypto";

import { adminPassword, apiUrl } from "./config.mjs";

/** A refused API call, with the problem+json body the server sent. */
export class ApiProblem extends Error {
  constructor(method, pathname, status, body) {
    super(`${method} ${pathname} answered ${status}: ${JSON.stringify(body)}`);
    this.status = status;
    this.body = body;
  }
}

/**
 * One API call. `token` is an access token or undefined; `body` is sent as
 * JSON. Returns the parsed answer (or null for an empty one).
 */
export async function call(method, pathname, { token, body, headers = {} } = {}) {
  const response = await fetch(apiUrl(pathname), {
    method,
    headers: {
      Accept: "application/json",
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new ApiProblem(method, pathname, response.status, parsed);
  }
  return parsed;
}

/** The access token of a login (phone, e-mail or staff login name). */
export async function login(loginName, password) {
  const answer = await call("POST", "/auth/login", { body: { login: loginName, password } });
  return answer.access_token;
}

/** The platform admin's access token; the server must know its password. */
export async function adminToken() {
  if (!adminPassword) {
    throw new Error("set REDRESS_E2E_ADMIN_PASSWORD to the password the server gave `admin`");
  }
  return login("admin", adminPassword);
}

/** A phone number nobody on this server has yet: 139 and eight digits. */
export function freshPhone() {
  const digits = String(Date.now() % 1e5).padStart(5, "0") + String(Math.floor(Math.random() * 1e3)).padStart(3, "0");
  return `139${digits}`;
}

/** Registers a consumer and returns their credentials and access token. */
export async function registerConsumer({
  phone = freshPhone(),
  password = "e2e-consumer-2026",
  displayName = "测试消费者",
} = {}) {
  await call("POST", "/auth/register", {
    body: { phone, password, display_name: displayName },
  });
  return { login: phone, password, displayName, token: await login(phone, password) };
}

/** The association serving a province, by its region code (e.g. "440000"). */
export async function associationFor(regionCode) {
  const page = await call("GET", "/associations?limit=200");
  const association = page.items.find((item) => item.region_code === regionCode);
  if (!association) {
    throw new Error(`no association serves region ${regionCode}`);
  }
  return association;
}

/**
 * A staff account of an association, with `roles` among intake_officer,
 * mediator and association_admin. Returns its credentials and token.
 */
export async function createStaff(adminTokenValue, associationId, {
  loginName = `e2e.staff.${randomUUID().slice(0, 8)}`,
  password = "e2e-staff-2026",
  displayName = "测试工作人员",
  roles = ["intake_officer"],
} = {}) {
  await call("POST", `/associations/${associationId}/staff`, {
    token: adminTokenValue,
    body: { login_name: loginName, display_name: displayName, password, roles },
  });
  return { login: loginName, password, displayName, token: await login(loginName, password) };
}

/**
 * A business, made a member of its association when `member` is true, with
 * one user who handles its cases. Returns the business and that user.
 */
export async function createBusiness(adminTokenValue, {
  name = `测试商户${randomUUID().slice(0, 6)}有限公司`,
  creditCode,
  regionCode = "440305",
  member = true,
  user = {},
} = {}) {
  const business = await call("POST", "/businesses", {
    token: adminTokenValue,
    body: { name, credit_code: creditCode ?? creditCodeFor(name), region_code: regionCode },
  });
  if (member) {
    await call("PUT", `/businesses/${business.id}/membership`, {
      token: adminTokenValue,
      body: { member: true },
    });
  }
  const loginName = user.loginName ?? `e2e.biz.${randomUUID().slice(0, 8)}`;
  const password = user.password ?? "e2e-business-2026";
  await call("POST", `/businesses/${business.id}/users`, {
    token: adminTokenValue,
    body: { login_name: loginName, display_name: user.displayName ?? "测试客服", password },
  });
  return {
    business,
    handler: { login: loginName, password, token: await login(loginName, password) },
  };
}

/** Files a complaint as the consumer, with a fresh idempotency key. */
export async function fileComplaint(consumerToken, complaint) {
  return call("POST", "/complaints", {
    token: consumerToken,
    body: complaint,
    headers: { "Idempotency-Key": randomUUID() },
  });
}

/** Takes `action` (an object with `action` and its fields) on a complaint. */
export async function act(token, complaintId, action) {
  return call("POST", `/complaints/${complaintId}/actions`, { token, body: action });
}

/** The demo server's clock (`now`, `latest_event`), read as the platform admin. */
export async function demoClock(adminTokenValue) {
  return call("GET", "/demo/clock", { token: adminTokenValue });
}

// A unified social credit code is 18 characters whose last one is a check
// character over the first seventeen (GB 32100-2015).
const CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** A valid-looking credit code derived from `seed`, stable for a given name. */
export function creditCodeFor(seed) {
  let hash = 0;
  for (const char of seed) {
    hash = (Math.imul(hash, 31) + char.codePointAt(0)) >>> 0;
  }
  let body = "91440300";
  while (body.length < 17) {
    hash = (Math.imul(hash, 1103515245) + 12345) >>> 0;
    body += CREDIT_ALPHABET[hash % CREDIT_ALPHABET.length];
  }
  const sum = [...body].reduce((total, char, i) => total + CREDIT_ALPHABET.indexOf(char) * CREDIT_WEIGHTS[i], 0);
  return body + CREDIT_ALPHABET[(31 - (sum % 31)) % 31];
}
