-- Content is text, never code. Pandoc's Typst writer turns `typst:*`
-- attributes into Typst code, images into file reads and raw blocks into
-- raw output; a pack's content may hold any of them.
--
-- Every content Markdown field reaches Pandoc as a code block of class
-- `pf-field` (or `pf-quoted-field`, shown as a quote) in the template's
-- Markdown (markdown.py). The first pass below reads each one as on its
-- own (most of them in one reading: `read_fields_together`), in the
-- content dialect (CONTENT_FORMAT, the site's reading too:
-- generator/render/markdown.py), so no unclosed fence, HTML block, link or
-- footnote definition of one field reaches another or the template. In
-- what it read, raw HTML becomes the text that was typed; a link stays a
-- link only to http(s), mailto or an #anchor and becomes its text
-- otherwise; an image becomes a link to it labelled with its description
-- (never a file read); attributes and classes are dropped, and a heading
-- is left out of the PDF's outline.
--
-- The second pass, over the whole document, shows any raw snippet as
-- text and drops every key-value attribute. It looks at one element at a
-- time, so a part of a pack converts the same whatever else Pandoc reads
-- with it.
--
-- Parts are read with `--file-scope`, which prefixes every identifier and
-- internal link target with the part's file name (and turns a bare `#` into
-- the file name itself); PORTFOLIO_PART_PREFIX (a Lua pattern for that file
-- name) takes it off again, so `{#story-x}` and `[...](#story-x)` stay as
-- written. A link to a label that is missing or repeated in the whole pack
-- is unlinked by the Typst side (typst.py).
--
-- Typst reads a label only if it starts with a letter, digit, `_` or `-`
-- and goes on with those, `.` or `:`: an id that is not one (only ASCII is
-- accepted here) is dropped, and a link to one prints as its text, so a
-- placeholder such as `[later](#)` cannot stop the pack.

local prefix = os.getenv("PORTFOLIO_PART_PREFIX")

-- CommonMark with GitHub's tables, strikethrough and bare-URL autolinks,
-- and footnotes (CONTENT.md "Markdown"); tests/test_one_markdown.py checks
-- that the site reads the same.
local CONTENT_FORMAT = "commonmark+pipe_tables+strikeout+autolink_bare_uris+footnotes"

local function unscoped(id)
  if not prefix or id == "" then return id end
  if id:match("^" .. prefix .. "$") then return "" end
  return (id:gsub("^" .. prefix .. "__", "", 1))
end

local function is_label(id)
  return id:match("^[%w_%-][%w_%-%.:]*$") ~= nil
end

-- Returns nothing for an element it leaves as it is (most of them): Pandoc
-- then keeps its own copy instead of reading the element back from Lua.
local function plain(el)
  local changed = false
  local id = unscoped(el.identifier)
  if id ~= "" and not is_label(id) then id = "" end
  if id ~= el.identifier then
    el.identifier = id
    changed = true
  end
  if #el.attributes > 0 then
    el.attributes = {}
    changed = true
  end
  if changed then return el end
end

local function plain_rows(rows)
  for _, row in ipairs(rows) do
    row.attributes = {}
    for _, cell in ipairs(row.cells) do cell.attributes = {} end
  end
end

-- Every row of a table: head, each body's head and rows, foot.
local function plain_table_rows(el)
  plain_rows(el.head.rows)
  for _, body in ipairs(el.bodies) do
    plain_rows(body.head)
    plain_rows(body.body)
  end
  plain_rows(el.foot.rows)
end

local function allowed_url(url)
  local lower = url:lower()
  return lower:match("^https?:") ~= nil or lower:match("^mailto:") ~= nil or lower:sub(1, 1) == "#"
end

local function as_text(text)
  return pandoc.Inlines(text) -- words and spaces: a newline can start no Typst markup
end

local function bare(el)
  el.attr = pandoc.Attr()
  return el
end

local content = {
  RawInline = function(el) return as_text(el.text) end,
  RawBlock = function(el) return pandoc.Para(as_text(el.text)) end,
  Image = function(el)
    local label = #el.caption > 0 and el.caption or pandoc.Inlines(el.src)
    if not allowed_url(el.src) then return label end
    return pandoc.Link(label, el.src)
  end,
  Link = function(el)
    if not allowed_url(el.target) then return el.content end
    local anchor = el.target:match("^#(.*)$")
    if anchor and not is_label(anchor) then return el.content end
    return pandoc.Link(el.content, el.target)
  end,
  -- A heading typed in content is not in the PDF's outline (nor in the site's table of contents).
  Header = function(el)
    el.attr = pandoc.Attr("", { "unnumbered", "unlisted" })
    return el
  end,
  Code = bare,
  CodeBlock = bare,
  Span = function(el) return el.content end,
  Div = function(el) return el.content end,
  Table = function(el)
    bare(el)
    plain_table_rows(el)
    return el
  end,
}

-- A field reads the same wherever it is (the summary is in every pack's
-- cover and in the résumé), and each reading costs about a millisecond
-- (Pandoc sets up this reader again every time): each text is read once.
local read_before = {}

local function read_field(text)
  local blocks = read_before[text]
  if not blocks then
    blocks = pandoc.read(text, CONTENT_FORMAT):walk(content).blocks
    read_before[text] = blocks
  end
  return blocks
end

-- Most fields are read together, in one reading, each after an HTML
-- comment holding PORTFOLIO_FIELD_MARK (a word no content holds: it is
-- new for each Pandoc run), and cut there. A field is read so only when
-- no construct of it can reach past a blank line and that comment, nor be
-- seen by another field: no link or footnote definition or reference
-- (`[`), no HTML or autolink (`<`, so the comments are the only raw
-- blocks), no code fence, strikeout or table (`` ` ``, `~`, `|`); and
-- when it ends in a paragraph or bullet list of words (`plain_line`), so
-- that it ends the same with or without text after it (read alone, a
-- field has no final newline: a last `---`, empty item or paragraph of a
-- list item then reads otherwise). Every other block ends at a blank line followed by a
-- line that is not indented, and every filter above looks at one element
-- at a time, so each field reads as it does on its own
-- (tests/test_pack_parts.py checks it). Other fields, and any reading that
-- does not cut into as many fields, are read one by one.
local mark = os.getenv("PORTFOLIO_FIELD_MARK")

-- What `content` does to a field read with others, which holds no raw HTML (no `<`): the same.
local batch_content = {}
for name, action in pairs(content) do
  if name ~= "RawBlock" then batch_content[name] = action end
end

local function read_together(texts)
  local separator = "\n\n<!--" .. mark .. "-->\n\n"
  local blocks = pandoc.read(table.concat(texts, separator), CONTENT_FORMAT):walk(batch_content).blocks
  local fields, current = {}, {}
  for _, block in ipairs(blocks) do
    if block.t == "RawBlock" then
      fields[#fields + 1] = current
      current = {}
    else
      current[#current + 1] = block
    end
  end
  fields[#fields + 1] = current
  if #fields ~= #texts then return end
  for n, text in ipairs(texts) do
    read_before[text] = fields[n]
  end
  if os.getenv("PORTFOLIO_FIELD_TRACE") then -- the tests: how many were read together
    io.stderr:write("fields read together: " .. #texts .. "\n")
  end
end

-- A line of a field's last paragraph or list (after its last blank line) that ends the same
-- with or without text after it: words, or a bullet item of words (`- `, `* `, `+ `), or
-- either indented (a continuation); only the first line may not be indented.
local function plain_line(line, first)
  local text = first and line or line:gsub("^ +", "", 1)
  return text:match("^%a") or text:match("^[%*_]+%a") or text:match("^[-*+] %a")
end

local function ends_in_a_plain_paragraph(text)
  if text:find("\\$") then return false end
  local lines = {}
  for line in (text .. "\n"):gmatch("(.-)\n") do
    lines[#lines + 1] = line
  end
  for n = #lines, 1, -1 do
    local line = lines[n]
    if line:match("^[ \t]*$") then return n < #lines and plain_line(lines[n + 1], true) ~= nil end
    if not plain_line(line, n == 1) then return false end
  end
  return true
end

-- Pandoc drops a byte order mark (U+FEFF) at the start of what it reads: only the first field's, together.
local function can_read_together(text)
  return not text:find("[%[<`~|]")
    and not text:find(mark, 1, true)
    and not text:find("\239\187\191", 1, true)
    and ends_in_a_plain_paragraph(text)
end

local function is_field(el)
  local kind = el.classes[1]
  return kind == "pf-field" or kind == "pf-quoted-field"
end

local function read_fields_together(doc)
  if not mark then return end
  local texts, seen = {}, {}
  doc:walk({
    CodeBlock = function(el)
      local text = el.text
      if is_field(el) and not seen[text] and can_read_together(text) then
        seen[text] = true
        texts[#texts + 1] = text
      end
    end,
  })
  if #texts > 1 then read_together(texts) end
end

return {
  { Pandoc = read_fields_together },
  {
    -- Blocks returned here are not walked again: a field's own code blocks stay code.
    CodeBlock = function(el)
      local kind = el.classes[1]
      if kind == "pf-field" then return read_field(el.text) end
      if kind == "pf-quoted-field" then return pandoc.BlockQuote(read_field(el.text)) end
    end,
  },
  {
    RawInline = function(el) return pandoc.Str(el.text) end,
    RawBlock = function(el) return pandoc.Para({ pandoc.Str(el.text) }) end,
    Image = function(el)
      if #el.caption > 0 then return el.caption end
      return pandoc.Str(el.src)
    end,
    Span = plain,
    Div = plain,
    Header = plain,
    Code = plain,
    CodeBlock = plain,
    Link = function(el)
      local target = el.target:match("^#(.*)$")
      if target then
        target = unscoped(target)
        if not is_label(target) then return el.content end
        el.target = "#" .. target
        plain(el)
        return el
      end
      return plain(el)
    end,
    Figure = plain,
    Table = function(el)
      plain(el)
      plain_table_rows(el)
      return el
    end,
  },
}
