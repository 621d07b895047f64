// What a message must look like for every provider's converter to read it. Checked at the edges where
// messages come in (a call's prompt and `messages`, a loaded session file), so a bad one is refused there,
// naming the entry, instead of failing later inside a converter (`parts.map is not a function`).

/** Where in a message a problem is (`content`, `toolCalls[0].id`) and what is wrong there. */
export interface MessageProblem {
  path: string;
  message: string;
}

const roles = new Set(['system', 'user', 'assistant', 'tool']);

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function notString(
  record: Record<string, unknown>,
  key: string,
  optional = false,
): MessageProblem | undefined {
  const value = record[key];
  if (typeof value === 'string' || (optional && value === undefined)) return undefined;
  return { path: key, message: `must be a string, got ${typeName(value)}` };
}

function findPartProblem(part: unknown, index: number): MessageProblem | undefined {
  const path = `content[${index}]`;
  if (!isRecord(part)) return { path, message: `must be a text or image part, got ${typeName(part)}` };
  if (part.type === 'text') {
    return typeof part.text === 'string'
      ? undefined
      : { path: `${path}.text`, message: `must be a string, got ${typeName(part.text)}` };
  }
  if (part.type === 'image') {
    const image = part.image;
    if (typeof image !== 'string' && !(image instanceof URL) && !(image instanceof Uint8Array)) {
      return {
        path: `${path}.image`,
        message: `must be a URL string, a URL or bytes, got ${typeName(image)}`,
      };
    }
    const problem = notString(part, 'mediaType', true);
    return problem === undefined ? undefined : { ...problem, path: `${path}.${problem.path}` };
  }
  return { path: `${path}.type`, message: `must be 'text' or 'image', got ${JSON.stringify(part.type)}` };
}

function findToolCallProblem(call: unknown, index: number): MessageProblem | undefined {
  const path = `toolCalls[${index}]`;
  if (!isRecord(call)) return { path, message: `must be a tool call, got ${typeName(call)}` };
  const problem = notString(call, 'id') ?? notString(call, 'name');
  if (problem !== undefined) return { ...problem, path: `${path}.${problem.path}` };
  if (!isRecord(call.arguments)) {
    return { path: `${path}.arguments`, message: `must be an object, got ${typeName(call.arguments)}` };
  }
  return undefined;
}

function findReasoningBlockProblem(block: unknown, index: number): MessageProblem | undefined {
  const path = `reasoningBlocks[${index}]`;
  if (!isRecord(block)) return { path, message: `must be a reasoning block, got ${typeName(block)}` };
  const problem =
    notString(block, 'text') ?? notString(block, 'signature', true) ?? notString(block, 'redactedData', true);
  return problem === undefined ? undefined : { ...problem, path: `${path}.${problem.path}` };
}

function findInList(
  record: Record<string, unknown>,
  key: string,
  check: (item: unknown, index: number) => MessageProblem | undefined,
): MessageProblem | undefined {
  const list = record[key];
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) return { path: key, message: `must be an array, got ${typeName(list)}` };
  for (let index = 0; index < list.length; index++) {
    const problem = check(list[index], index);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** The first thing wrong with `message` as a `Message`, or undefined when it is one. */
export function findMessageProblem(message: unknown): MessageProblem | undefined {
  if (!isRecord(message)) return { path: '', message: `must be a message object, got ${typeName(message)}` };
  const { role } = message;
  if (typeof role !== 'string' || !roles.has(role)) {
    return {
      path: 'role',
      message: `must be system, user, assistant or tool, got ${JSON.stringify(role) ?? 'nothing'}`,
    };
  }
  switch (role) {
    case 'user':
      if (Array.isArray(message.content)) return findInList(message, 'content', findPartProblem);
      return typeof message.content === 'string'
        ? undefined
        : {
            path: 'content',
            message: `must be a string or an array of parts, got ${typeName(message.content)}`,
          };
    case 'assistant':
      return (
        notString(message, 'content') ??
        findInList(message, 'toolCalls', findToolCallProblem) ??
        notString(message, 'reasoning', true) ??
        findInList(message, 'reasoningBlocks', findReasoningBlockProblem)
      );
    case 'tool':
      return (
        notString(message, 'toolCallId') ??
        notString(message, 'content') ??
        notString(message, 'toolName', true) ??
        (message.isError === undefined || typeof message.isError === 'boolean'
          ? undefined
          : { path: 'isError', message: `must be a boolean, got ${typeName(message.isError)}` })
      );
    default:
      return notString(message, 'content');
  }
}

/** `messages[3].content must be a string, got number`: one problem, with the entry it is in. */
export function describeMessageProblem(listName: string, index: number, problem: MessageProblem): string {
  const entry = `${listName}[${index}]${problem.path === '' ? '' : `.${problem.path}`}`;
  return `${entry} ${problem.message}`;
}
