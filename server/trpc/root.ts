import { incidentsRouter } from "../routers/incidents/router";
import { runbooksRouter } from "../routers/runbooks/router";
import { runAllRouter } from "../routers/run-all/router";
import { runsRouter } from "../routers/runs/router";
import { usersRouter } from "../routers/users/router";
import { createCallerFactory, router } from "./init";

export const appRouter = router({
  runbooks: runbooksRouter,
  incidents: incidentsRouter,
  runs: runsRouter,
  runAll: runAllRouter,
  users: usersRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
