/**
 * How a cell or value is cleaned before anyone sees it: surrounding whitespace (including
 * no-break spaces and stray BOMs) removed, and line breaks inside it made uniform (`\n`), so a
 * description reads the same whether it came from Excel on Windows or a YAML file on a Mac.
 */
export function cleanValue(value: string): string {
  return (value.indexOf("\r") < 0 ? value : value.replace(/\r\n?/g, "\n")).trim();
}
