# Flattens one JSON document into lines "PATH<TAB>VALUE", one per scalar:
#   {"a":{"b":[1,"x"]}}  ->  a.b.0<TAB>1  and  a.b.1<TAB>x
# Object keys join with ".", array elements use their index. Strings are
# unescaped (\" \\ \/ \b \f \n \r \t, \uXXXX for ASCII; other code points
# become "?"); newlines and tabs inside values become spaces so that one value
# stays on one line. Literals (numbers, true, false, null) are passed as written.
# A malformed document prints "json: ..." on stderr and exits 1, so callers
# never act on half a file. Written for busybox awk (no gawk extensions).
BEGIN { RS = "\001" }
{ s = s $0 }
END {
  n = length(s); pos = 1
  parse_value("")
  skip_ws()
  if (pos <= n) fail("trailing characters")
  exit 0
}
function fail(msg) { printf "json: %s at offset %d\n", msg, pos > "/dev/stderr"; exit 1 }
function skip_ws() { while (pos <= n && index(" \t\r\n", substr(s, pos, 1)) > 0) pos++ }
function emit(path, value) { gsub(/[\t\n\r]/, " ", value); print path "\t" value }
function join(path, key) { return path == "" ? key : path "." key }
function parse_value(path,   c) {
  skip_ws()
  if (pos > n) fail("unexpected end")
  c = substr(s, pos, 1)
  if (c == "{") parse_object(path)
  else if (c == "[") parse_array(path)
  else if (c == "\"") emit(path, parse_string())
  else parse_literal(path)
}
function parse_object(path,   key, c) {
  pos++; skip_ws()
  if (substr(s, pos, 1) == "}") { pos++; return }
  while (1) {
    skip_ws()
    if (substr(s, pos, 1) != "\"") fail("expected a key")
    key = parse_string(); skip_ws()
    if (substr(s, pos, 1) != ":") fail("expected ':'")
    pos++
    parse_value(join(path, key))
    skip_ws(); c = substr(s, pos, 1); pos++
    if (c == "}") return
    if (c != ",") fail("expected ',' or '}'")
  }
}
function parse_array(path,   i, c) {
  pos++; skip_ws()
  if (substr(s, pos, 1) == "]") { pos++; return }
  for (i = 0; ; i++) {
    parse_value(join(path, i))
    skip_ws(); c = substr(s, pos, 1); pos++
    if (c == "]") return
    if (c != ",") fail("expected ',' or ']'")
  }
}
function parse_string(   out, c, e, code) {
  pos++; out = ""
  while (pos <= n) {
    c = substr(s, pos, 1)
    if (c == "\"") { pos++; return out }
    if (c == "\\") {
      e = substr(s, pos + 1, 1); pos += 2
      if (e == "n") out = out "\n"
      else if (e == "t") out = out "\t"
      else if (e == "r") out = out "\r"
      else if (e == "b" || e == "f") out = out " "
      else if (e == "u") {
        code = hex(substr(s, pos, 4)); pos += 4
        out = out ((code >= 32 && code < 127) ? sprintf("%c", code) : "?")
      } else out = out e
      continue
    }
    out = out c; pos++
  }
  fail("unterminated string")
}
function hex(h,   i, v, d) {
  v = 0
  for (i = 1; i <= length(h); i++) {
    d = index("0123456789abcdef", tolower(substr(h, i, 1)))
    if (d == 0) fail("bad \\u escape")
    v = v * 16 + d - 1
  }
  return v
}
function parse_literal(path,   start, lit) {
  start = pos
  while (pos <= n && index(",}] \t\r\n", substr(s, pos, 1)) == 0) pos++
  lit = substr(s, start, pos - start)
  if (lit !~ /^(true|false|null|-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?)$/) fail("bad literal '" lit "'")
  emit(path, lit)
}
