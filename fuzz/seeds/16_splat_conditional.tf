locals {
  objs    = [{ id = 1, tags = ["a"] }, { id = 2, tags = [] }]
  ids     = local.objs[*].id
  legacy  = local.objs.*.id
  first   = local.objs[0]["id"]
  sel     = local.first > 1 ? local.objs : []
  neg     = -local.first + 10 % 3 * 2 / 4
  logic   = !true || (false && 1 < 2) == false
  nulls   = null == null ? "same" : "diff"
  maybe   = local.objs[5].id
  big     = 1.5e300 * 1e10
  divzero = 1 / 0
}
