-- Typst reads `...` as an ellipsis and `-?` as a soft hyphen (which prints
-- nothing), and Pandoc's Typst writer leaves both as typed. Escaping the
-- second dot of `..` and the `?` of `-?` keeps the text exactly as written.
-- Pandoc runs this only for packs that hold one of them (it costs a call
-- per word), or a paragraph of the kind below.

function Str(el)
  local text = el.text
  if not (text:find("..", 1, true) or text:find("-?", 1, true)) then return nil end
  local pieces, buffer, previous = {}, {}, ""
  for _, code in utf8.codes(text) do
    local char = utf8.char(code)
    if (char == "." and previous == ".") or (char == "?" and previous == "-") then
      if #buffer > 0 then
        pieces[#pieces + 1] = pandoc.Str(table.concat(buffer))
        buffer = {}
      end
      pieces[#pieces + 1] = pandoc.RawInline("typst", "\\" .. char)
    else
      buffer[#buffer + 1] = char
    end
    previous = char
  end
  if #buffer > 0 then pieces[#pieces + 1] = pandoc.Str(table.concat(buffer)) end
  return pieces
end

-- Typst reads `- `, `+ `, `/ `, `= ` and `1. ` at the start of a paragraph
-- as a list, a term or a heading. Pandoc's writer escapes them at the start
-- of a line of the document, but not at the start of a note, a table cell
-- or a list item: a paragraph that starts with one, typed as text, gets it
-- escaped here.
local function escaped_start(el)
  local first, after = el.content[1], el.content[2]
  if not first or first.t ~= "Str" then return nil end
  local text = first.text
  if not (text:match("^[-+/]$") or text:match("^=+$") or text:match("^%d+%.$")) then return nil end
  if after and after.t ~= "Space" and after.t ~= "SoftBreak" then return nil end
  el.content[1] = pandoc.RawInline("typst", "\\" .. text) -- as Pandoc escapes them: `\-`, `\==`, `\1.`
  return el
end

Para = escaped_start
Plain = escaped_start
