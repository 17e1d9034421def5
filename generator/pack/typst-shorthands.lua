-- Typst reads `...` as an ellipsis and `-?` as a soft hyphen (which prints
-- nothing), and Pandoc's Typst writer leaves both as typed. Escaping the
-- second dot of `..` and the `?` of `-?` keeps the text exactly as written.
-- Pandoc runs this only for packs that hold one of them (it costs a call
-- per word).

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
