import type { Metadata } from "next";
import { AppHeader } from "@/components/app-header";
import { TaskWorkspace } from "@/components/tasks/task-workspace";

export const metadata: Metadata = { title: "Tasks" };

export default function TasksPage() {
  return (
    <>
      <AppHeader />
      <main className="workspace">
        <TaskWorkspace />
      </main>
    </>
  );
}
