-- For tests/test_pack_fields.py only: what the packs did with a field
-- before fieldast.py, Pandoc's own CommonMark reading of it in the content
-- dialect, then: raw HTML as the text typed, links to http(s), mailto and
-- #labels only, images as links, no attributes, headings out of the outline.

local function is_label(id)
  return id:match("^[%w_%-][%w_%-%.:]*$") ~= nil
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

return { content }
