import type { OperationBinding } from '@ssokit/protocol';

/** Reads an XML document into plain objects (elements to members, text to strings). */
export type XmlReader = (xml: string) => Record<string, unknown>;

/**
 * The XML reader for AWS Query answers (STS): AWS SDK v3's own (`@aws-sdk/xml-builder`), loaded
 * on the first STS call, so the Identity Center path never pays for it.
 */
export async function loadXmlReader(): Promise<XmlReader> {
  const { parseXML } = await import('@aws-sdk/xml-builder');
  return parseXML as XmlReader;
}

/** Whether an operation speaks the AWS Query protocol (form body, XML answers). */
export function isAwsQuery(op: OperationBinding): boolean {
  return op.protocol === 'awsQuery';
}

function member(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/**
 * The result of a successful AWS Query answer: the content of
 * `<{Operation}Response><{Operation}Result>`, `{}` when it is empty. Throws when the document is
 * another one (a proxy's page, an error document with a 200).
 */
export function queryResult(op: OperationBinding, doc: Record<string, unknown>): unknown {
  const response = member(doc, `${op.name}Response`);
  if (response === undefined) throw new Error(`expected <${op.name}Response>`);
  const result = member(response, `${op.name}Result`);
  return result === undefined || result === '' ? {} : result;
}

/** The members of an AWS Query error document (`<ErrorResponse><Error><Code>…`), when it is one. */
export function queryError(doc: Record<string, unknown>): {
  code?: string;
  message?: string;
  type?: string;
  requestId?: string;
} {
  const root = member(doc, 'ErrorResponse') ?? member(doc, 'Response');
  const error = member(root, 'Error') ?? member(member(root, 'Errors'), 'Error');
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const out: { code?: string; message?: string; type?: string; requestId?: string } = {};
  const code = str(member(error, 'Code'));
  const message = str(member(error, 'Message'));
  const type = str(member(error, 'Type'));
  const requestId = str(member(root, 'RequestId')) ?? str(member(root, 'RequestID'));
  if (code) out.code = code;
  if (message) out.message = message;
  if (type) out.type = type;
  if (requestId) out.requestId = requestId;
  return out;
}
