-- Every filter a pack's Markdown is read with, in one Lua state: Pandoc
-- starts a Lua state for each `--lua-filter` file (about 6 ms of a run's
-- CPU each). untrusted.lua's passes first (content is text), then
-- criteria-table.lua's (the template's list of criteria as a table).

local here = pandoc.path.directory(PANDOC_SCRIPT_FILE)

local function filters(name)
  return dofile(pandoc.path.join({ here, name }))
end

local reading = filters("untrusted.lua")
table.insert(reading, filters("criteria-table.lua"))
return reading
