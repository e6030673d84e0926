/**
 * Compare-and-set of credential records as Lua scripts: Redis runs each atomically, so a save or
 * delete conditional on a revision is one round trip. A stored record starts
 * `{"value":{"revision":N,`; a record from before revisions has none and counts as revision 0.
 */
const CURRENT_REVISION = `
local raw = redis.call('GET', KEYS[1])
local current = false
if raw then current = tonumber(string.match(raw, '^{"value":{"revision":(%d+),')) or 0 end`;

/**
 * KEYS[1] the record; ARGV: expected revision ('' = unconditional), the record's text before and
 * after its revision, the revision of a record created anew. Returns the new revision, or -1 when
 * the record is at another revision or gone.
 */
export const WRITE_RECORD = `${CURRENT_REVISION}
if ARGV[1] ~= '' and current ~= tonumber(ARGV[1]) then return -1 end
local revision = tonumber(ARGV[4])
if current then revision = current + 1 end
redis.call('SET', KEYS[1], ARGV[2] .. string.format('%.0f', revision) .. ARGV[3])
return revision`;

/** KEYS[1] the record; ARGV[1] the expected revision. Returns 1 when deleted or absent, -1 when at another revision. */
export const DELETE_RECORD = `${CURRENT_REVISION}
if current and current ~= tonumber(ARGV[1]) then return -1 end
redis.call('DEL', KEYS[1])
return 1`;
