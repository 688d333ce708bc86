// Pure so it can be unit-tested: the Secure flag depends on the env setting and on how the
// request reached us (directly over https, or through a TLS-terminating proxy).
export const SESSION_COOKIE = "ff_session";

export type TCookieSecureSetting = "auto" | "true" | "false";

export type TSessionCookieOptions = {
  httpOnly: true;
  sameSite: "lax";
  secure: boolean;
  path: "/";
  expires: Date;
};

export function isHttpsRequest(h: { forwardedProto?: string | null; origin?: string | null }): boolean {
  const proto = h.forwardedProto?.split(",")[0]?.trim().toLowerCase();
  if (proto) return proto === "https";
  return (h.origin ?? "").toLowerCase().startsWith("https://");
}

export function sessionCookieOptions(o: {
  setting: TCookieSecureSetting;
  https: boolean;
  expires: Date;
}): TSessionCookieOptions {
  const secure = o.setting === "true" ? true : o.setting === "false" ? false : o.https;
  return { httpOnly: true, sameSite: "lax", secure, path: "/", expires: o.expires };
}
