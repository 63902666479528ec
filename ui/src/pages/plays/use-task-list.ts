import { useState } from 'react'
import { api } from '../../api.ts'
import { usePoll, type PollState } from '../../use-poll.ts'
import { unfinished, type TaskList } from './types.ts'

/**
 * One page of `GET /v1/tasks`, polled every second while a task on it is unfinished (its
 * progress moves) and every five seconds otherwise.
 */
export function useTaskList(page: number, pageSize: number): PollState<TaskList> {
  const [active, setActive] = useState(false)
  const list = usePoll((signal) => api.get<TaskList>(`/v1/tasks?page=${page}&page_size=${pageSize}`, { signal }), active ? 1000 : 5000)
  const running = list.data?.tasks.some((t) => unfinished(t.status)) ?? false
  // Derived from the last answer; React re-renders at once with the new interval.
  if (running !== active) setActive(running)
  return list
}
