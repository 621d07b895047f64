const quote = 0x22;
const backslash = 0x5c;
const openBracket = 0x5b;
const closeBracket = 0x5d;
const openBrace = 0x7b;
const closeBrace = 0x7d;

/**
 * Whether JSON text nests arrays and objects more than `maxDepth` levels deep (the outermost value is level 1),
 * found in one pass over the characters, without recursion and without parsing: brackets inside strings do not
 * count. It runs before `JSON.parse`, because a body nested 200,000 levels deep parses fine and then overflows
 * the stack of every recursive walk after it (schema validation, the providers' `JSON.stringify`). Text that is
 * not JSON gets an answer too; `JSON.parse` refuses it afterwards.
 */
export function exceedsJsonDepth(text: string, maxDepth: number): boolean {
  let depth = 0;
  const length = text.length;
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code === quote) {
      // Jump to the closing quote; one preceded by an odd run of backslashes is escaped and does not end it.
      let end = text.indexOf('"', index + 1);
      while (end !== -1) {
        let backslashes = 0;
        while (text.charCodeAt(end - 1 - backslashes) === backslash) backslashes++;
        if (backslashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      if (end === -1) return false;
      index = end;
    } else if (code === openBracket || code === openBrace) {
      depth++;
      if (depth > maxDepth) return true;
    } else if (code === closeBracket || code === closeBrace) {
      depth--;
    }
  }
  return false;
}
