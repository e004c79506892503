import { mediaContexts } from "../media/store-media.ts";
import { sessionStatuses } from "../sessions/codes.ts";

// The /v1 contract as OpenAPI 3.1. test/api checks real responses against these schemas.
const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, "null"], ...extra });
const strings = (...names: string[]) => Object.fromEntries(names.map((n) => [n, { type: "string" }]));
/** A success answer: {"status":"success", ...properties}, `required` besides status. */
const success = (required: string[], properties: Record<string, unknown>) => ({ type: "object", required: ["status", ...required], properties: { status: { const: "success" }, ...properties } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ "application/json": { schema } });
const fail = (description: string) => ({ description, content: json(ref("Fail")) });
/** Failure answers by HTTP status: { 400: "what and which codes" }. */
const fails = (byStatus: Record<number, string>) => Object.fromEntries(Object.entries(byStatus).map(([status, description]) => [status, fail(description)]));

const idParam = (name: string, description: string) => ({ name: "id", in: "path", required: true, description: `${name} id (UUID). ${description}`, schema: { type: "string" } });
const authHeaders = [{ $ref: "#/components/parameters/AuthClient" }];
const signed = (over: string) => [
  ...authHeaders,
  { ...{ $ref: "#/components/parameters/Signature" }, description: `HMAC-SHA256 of ${over} (lower- or upper-case hex); required unless X-SIGNATURE is sent` },
  { ...{ $ref: "#/components/parameters/LegacySignature" }, description: `Legacy: SHA-256 of ${over} followed by the shared secret; used only when X-HMAC-SIGNATURE is absent` },
];
const commonFails = {
  "401": fail("API key or signature refused (1801-1804, 1812, 1813/1814 legacy X-SIGNATURE mismatch over the id/body, 1818/1819 HMAC mismatch over the id/body)"),
  "404": fail("No such session for this integration (code 404)"),
};
/** A signed GET of a session's or an attempt's resource, answering the JSON schema `response`. */
const signedGet = (operationId: string, summary: string, owner: "Session" | "Attempt", response: string) => ({
  get: {
    operationId,
    summary,
    parameters: [idParam(owner, ""), ...signed(`the ${owner.toLowerCase()} id`)],
    responses: { "200": { description: "OK", content: json(ref(response)) }, ...commonFails },
  },
});

const mediaImage = {
  type: "object",
  required: ["id", "sessionId", "context", "mimetype", "name", "size", "url"],
  properties: {
    id: { type: "string", format: "uuid" },
    sessionId: { type: "string", format: "uuid" },
    context: { type: "string" },
    mimetype: { type: "string" },
    name: { type: "string" },
    size: { type: "integer" },
    url: { type: "string" },
  },
};

export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Checkpoint session API (Veriff-compatible)",
      version: "1.0.0",
      description:
        "Drop-in for Veriff's /v1 session API. Authenticate with X-AUTH-CLIENT (the API key); every endpoint except POST /v1/sessions also needs X-HMAC-SIGNATURE: hex HMAC-SHA256 (lowercase as Veriff documents; upper case is accepted too) under the shared secret of the raw body (POST/PATCH) or of the id in the path (GET/DELETE). Instead, the legacy X-SIGNATURE is accepted: lowercase hex SHA-256 of the same payload concatenated with the shared secret (mismatch: 1813 over the id, 1814 over the body). Outgoing webhooks carry both X-HMAC-SIGNATURE and X-SIGNATURE. Failures are {status:'fail', code, message}.",
    },
    servers: [{ url: serverUrl }],
    paths: {
      "/v1/sessions": {
        post: {
          operationId: "createSession",
          summary: "Create a verification session",
          parameters: [
            ...authHeaders,
            { name: "vrf-integration-id", in: "header", required: false, schema: { type: "string" }, description: "Must be the key's integration when given." },
            { name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", maxLength: 255 }, description: "Same key and body within 24 h returns the first response again." },
          ],
          requestBody: { required: true, content: json(ref("CreateSessionRequest")) },
          responses: {
            "201": { description: "Created", content: json(ref("CreateSessionResponse")) },
            ...fails({
              400: "Invalid body (1102, 1104, 1201-1203, 1301, 1302, 1500, 1501, 2101-2104)",
              401: "API key refused (1801-1804)",
              413: "Body over 64 KB (code 413)",
              422: "Idempotency-Key reused with another body (code 422)",
            }),
            "429": { description: "Rate cap reached (code 429); Retry-After says when to retry", headers: { "Retry-After": { schema: { type: "integer" } } }, content: json(ref("Fail")) },
          },
        },
        options: { operationId: "preflightCreateSession", summary: "CORS preflight for browsers (@veriff/js-sdk)", responses: { "204": { description: "Allowed" } } },
      },
      "/v1/sessions/{id}": {
        patch: {
          operationId: "submitSession",
          summary: "Submit a session (status submitted only)",
          parameters: [idParam("Session", ""), ...signed("the raw body")],
          requestBody: { required: true, content: json(ref("PatchSessionRequest")) },
          responses: { "200": { description: "Submitted", content: json(ref("PatchSessionResponse")) }, "400": fail("1102, 1303, 1304"), ...commonFails },
        },
        delete: {
          operationId: "deleteSession",
          summary: "Delete a session (5 per hour, 10 per day per integration)",
          parameters: [idParam("Session", ""), ...signed("the session id")],
          responses: {
            "200": { description: "Deleted", content: json(ref("DeleteSessionResponse")) },
            ...fails({ 400: "1305 not completed, 1306 in progress", 429: "Delete limit reached (code 429)" }),
            ...commonFails,
          },
        },
      },
      "/v1/sessions/{id}/decision": signedGet("getDecision", "The decision (verification null until decided)", "Session", "DecisionResponse"),
      "/v1/sessions/{id}/attempts": signedGet("listAttempts", "Attempts, newest first", "Session", "AttemptsResponse"),
      "/v1/sessions/{id}/media": {
        ...signedGet("listSessionMedia", "Images of the session", "Session", "MediaListResponse"),
        post: {
          operationId: "uploadMedia",
          summary: "Upload one image (base64); refused with 409 after submit",
          parameters: [idParam("Session", ""), ...signed("the raw body")],
          requestBody: { required: true, content: json(ref("UploadMediaRequest")) },
          responses: {
            "201": { description: "Stored", content: json(ref("UploadMediaResponse")) },
            ...fails({ 400: "1400-1403", 409: "Session already submitted (code 409)", 413: "Body over 30 MB (code 413)" }),
            ...commonFails,
          },
        },
      },
      "/v1/sessions/{id}/person": signedGet("getPerson", "Person data sent at creation", "Session", "PersonResponse"),
      "/v1/attempts/{id}/media": signedGet("listAttemptMedia", "Images of one attempt", "Attempt", "MediaListResponse"),
      "/v1/media/{id}": {
        get: {
          operationId: "getMedia",
          summary: "The file's bytes",
          parameters: [idParam("Media", ""), ...signed("the media id")],
          responses: {
            "200": { description: "The file", content: { "image/*": { schema: { type: "string", contentMediaType: "image/*" } }, "application/pdf": { schema: { type: "string" } } } },
            ...commonFails,
          },
        },
      },
    },
    components: {
      parameters: {
        AuthClient: { name: "X-AUTH-CLIENT", in: "header", required: true, description: "The integration's API key (UUID).", schema: { type: "string", format: "uuid" } },
        Signature: { name: "X-HMAC-SIGNATURE", in: "header", required: false, schema: { type: "string", pattern: "^[0-9a-fA-F]{64}$" } },
        LegacySignature: { name: "X-SIGNATURE", in: "header", required: false, schema: { type: "string", pattern: "^[0-9a-fA-F]{64}$" } },
      },
      schemas: {
        Fail: {
          type: "object",
          required: ["status", "code", "message"],
          properties: { status: { const: "fail" }, code: { type: "string", pattern: "^[0-9]{3,4}$" }, message: { type: "string" } },
        },
        CreateSessionRequest: {
          type: "object",
          required: ["verification"],
          properties: {
            verification: {
              type: "object",
              properties: {
                callback: { type: "string", description: "https:// (http:// only for localhost)" },
                person: {
                  type: "object",
                  properties: {
                    ...strings("firstName", "lastName", "idNumber"),
                    gender: { enum: ["M", "F"] },
                    dateOfBirth: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" },
                    ...strings("nationality", "email", "phoneNumber", "maritalStatus"),
                    isDeceased: { type: "boolean" },
                    ...strings("placeOfBirth"),
                  },
                },
                document: {
                  type: "object",
                  properties: {
                    number: { type: "string", pattern: "^[A-Za-z0-9]{6,9}$" },
                    type: { enum: ["PASSPORT", "ID_CARD", "RESIDENCE_PERMIT", "DRIVERS_LICENSE"] },
                    country: { type: "string", pattern: "^[A-Z]{2}$" },
                    idCardType: { type: "string" },
                    firstIssue: { type: "string" },
                  },
                },
                address: { type: "object", properties: { fullAddress: { type: "string" } } },
                vendorData: { type: "string", maxLength: 1000 },
                endUserId: { type: "string", format: "uuid" },
                consents: { type: "array", items: { type: "object", required: ["type", "approved"], properties: { type: { type: "string" }, approved: { type: "boolean" } } } },
                timestamp: { type: "string", format: "date-time", description: "At most one hour old." },
                lang: { type: "string" },
              },
            },
          },
        },
        SessionSummary: {
          type: "object",
          required: ["id", "url", "vendorData", "endUserId", "host", "status", "sessionToken"],
          properties: {
            id: { type: "string", format: "uuid" },
            url: { type: "string" },
            vendorData: nullable("string"),
            endUserId: nullable("string"),
            host: { type: "string" },
            status: { enum: [...sessionStatuses] },
            sessionToken: { type: "string" },
          },
        },
        CreateSessionResponse: success(["verification"], { verification: { allOf: [ref("SessionSummary"), { properties: { status: { const: "created" } } }] } }),
        PatchSessionRequest: {
          type: "object",
          required: ["verification"],
          properties: { verification: { type: "object", required: ["status"], properties: { status: { const: "submitted" }, timestamp: { type: "string" } } } },
        },
        PatchSessionResponse: success(["verification"], { verification: ref("SessionSummary") }),
        DeleteSessionResponse: success(["verification"], { verification: { type: "object", required: ["id"], properties: { id: { type: "string", format: "uuid" } } } }),
        Decision: {
          type: "object",
          required: ["id", "attemptId", "code", "status", "reason", "reasonCode", "decisionTime", "acceptanceTime", "vendorData", "endUserId", "person", "document"],
          properties: {
            id: { type: "string", format: "uuid" },
            attemptId: nullable("string"),
            code: { enum: [9001, 9102, 9103, 9104, 9121] },
            status: { enum: ["approved", "declined", "resubmission_requested", "expired", "abandoned", "review"] },
            reason: nullable("string"),
            reasonCode: nullable("integer"),
            decisionTime: { type: "string", format: "date-time" },
            acceptanceTime: { type: "string", format: "date-time" },
            vendorData: nullable("string"),
            endUserId: nullable("string"),
            comments: { type: "array" },
            person: { type: "object" },
            document: { type: "object" },
            additionalVerifiedData: { type: "object" },
            riskLabels: { type: "array" },
          },
        },
        DecisionResponse: success(["verification"], {
            verification: { oneOf: [{ type: "null" }, ref("Decision")] },
            technicalData: { type: "object", properties: { ip: nullable("string") } },
        }),
        AttemptsResponse: success(["verifications"], {
            verifications: {
              type: "array",
              items: {
                type: "object",
                required: ["id", "status", "createdTime", "userDefinedData"],
                properties: { id: { type: "string", format: "uuid" }, status: { enum: [...sessionStatuses] }, createdTime: { type: "string", format: "date-time" }, userDefinedData: { type: "array" } },
              },
            },
        }),
        MediaImage: mediaImage,
        MediaListResponse: success(["videos", "images"], { videos: { type: "array" }, images: { type: "array", items: ref("MediaImage") } }),
        UploadMediaRequest: {
          type: "object",
          required: ["image"],
          properties: {
            image: {
              type: "object",
              required: ["context", "content"],
              properties: { context: { enum: [...mediaContexts] }, content: { type: "string", description: "base64 or a data: URI" }, timestamp: { type: "string" } },
            },
          },
        },
        UploadMediaResponse: success(["image"], {
            image: { ...mediaImage, required: [...mediaImage.required, "timestamp"], properties: { ...mediaImage.properties, timestamp: { type: "null", deprecated: true } } },
        }),
        PersonResponse: success(["person"], {
            person: {
              type: "object",
              required: ["id", "firstName", "lastName", "dateOfBirth", "citizenships", "pepSanctionMatches"],
              properties: {
                id: { type: "string", format: "uuid" },
                firstName: nullable("string"),
                lastName: nullable("string"),
                idNumber: nullable("string"),
                dateOfBirth: nullable("string"),
                yearOfBirth: nullable("string"),
                gender: nullable("string"),
                nationality: nullable("string"),
                placeOfBirth: nullable("string"),
                email: nullable("string"),
                phoneNumber: nullable("string"),
                address: nullable("string"),
                citizenships: { type: "array" },
                pepSanctionMatches: { type: "array" },
              },
            },
        }),
      },
    },
  };
}
