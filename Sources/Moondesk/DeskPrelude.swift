import Foundation
import LuaHost

/// The Lua halves of Moondesk's `desk` API, kept as Lua files (`Lua/desk.lua`: agents and plans; `Lua/graph.lua`:
/// the graph builder).
let deskPrelude = LuaResource.text("desk", resources: "Moondesk_Moondesk") { .module }
let graphPrelude = LuaResource.text("graph", resources: "Moondesk_Moondesk") { .module }
