import { alertsRouter } from "../routers/alerts/router";
import { notificationsRouter } from "../routers/notifications/router";
import { targetsRouter } from "../routers/targets/router";
import { incidentsRouter } from "../routers/incidents/router";
import { runbooksRouter } from "../routers/runbooks/router";
import { runAllRouter } from "../routers/run-all/router";
import { runsRouter } from "../routers/runs/router";
import { usersRouter } from "../routers/users/router";
import { setupRouter } from "../routers/setup/router";
import { createCallerFactory, router } from "./init";

export const appRouter = router({
  runbooks: runbooksRouter,
  incidents: incidentsRouter,
  runs: runsRouter,
  runAll: runAllRouter,
  users: usersRouter,
  setup: setupRouter,
  alerts: alertsRouter,
  notifications: notificationsRouter,
  targets: targetsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
