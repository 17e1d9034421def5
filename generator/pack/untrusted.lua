-- Content is text, never code. Pandoc's Typst writer turns `typst:*`
-- attributes into Typst code, images into file reads and raw blocks into
-- raw output; a pack's content may hold any of them. This filter shows raw
-- snippets as text, images as their description, drops every key-value
-- attribute, and keeps an internal link only when its target exists exactly
-- once (Typst refuses a link to a missing or repeated label).

local seen = {}      -- identifier -> how many elements carry it
local targets = {}   -- internal link targets, to check once every id is known

local function plain(el)
  local id = el.identifier
  if id and id ~= "" then seen[id] = (seen[id] or 0) + 1 end
  if #el.attributes > 0 then
    el.attributes = {}
    return el
  end
end

local function plain_rows(rows)
  for _, row in ipairs(rows) do
    row.attributes = {}
    for _, cell in ipairs(row.cells) do cell.attributes = {} end
  end
end

local neutralise = {
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
    if target then targets[#targets + 1] = target end
    return plain(el)
  end,
  Figure = plain,
  Table = function(el)
    plain(el)
    plain_rows(el.head.rows)
    for _, body in ipairs(el.bodies) do
      plain_rows(body.head)
      plain_rows(body.body)
    end
    plain_rows(el.foot.rows)
    return el
  end,
}

local dangling = {
  Link = function(el)
    local target = el.target:match("^#(.*)$")
    if target and seen[target] ~= 1 then return el.content end
  end,
}

-- A second walk costs as much as the first, so it only runs when needed.
local function fix_links(doc)
  for _, target in ipairs(targets) do
    if seen[target] ~= 1 then return doc:walk(dangling) end
  end
end

return { neutralise, { Pandoc = fix_links } }
