import type { LandingInfo } from './landing-info.ts'

/**
 * The data-flow diagram as a plain model: five columns, every edge between neighbouring
 * columns so no edge crosses a box. clients → process → services (and schedules) →
 * database, jobs table, topics → worker pool, subscriber groups.
 */

export type NodeKind = 'clients' | 'process' | 'service' | 'schedule' | 'database' | 'jobs' | 'workers' | 'topic' | 'group'
export type EdgeKind = 'http' | 'sql' | 'job' | 'bus'

export interface DiagramNode {
  id: string
  kind: NodeKind
  label: string
  sublabel: string
  x: number
  y: number
  w: number
  h: number
}

export interface DiagramEdge {
  from: string
  to: string
  kind: EdgeKind
  label: string
}

export interface Diagram {
  width: number
  height: number
  columns: Array<{ x: number; w: number; title: string }>
  nodes: DiagramNode[]
  edges: DiagramEdge[]
}

const MARGIN = 16
const COL_W = 184
const COL_GAP = 52
const TOP = 42
const NODE_H = 50
const SMALL_H = 42
const GAP = 12
const SECTION_GAP = 26

const TITLES = ['clients', 'process', 'services', 'storage & bus', 'consumers']

const colX = (column: number) => MARGIN + column * (COL_W + COL_GAP)
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

export const nodeId = {
  service: (name: string) => `service:${name}`,
  schedule: (service: string, name: string) => `schedule:${service}/${name}`,
  topic: (topic: string) => `topic:${topic}`,
  group: (service: string, group: string) => `group:${service}/${group}`,
}

export function buildDiagram(info: LandingInfo): Diagram {
  const nodes: DiagramNode[] = []
  const edges: DiagramEdge[] = []
  const add = (column: number, y: number, kind: NodeKind, id: string, label: string, sublabel: string, h = NODE_H) => {
    const node: DiagramNode = { id, kind, label, sublabel, x: colX(column), y, w: COL_W, h }
    nodes.push(node)
    return node
  }
  const edge = (from: string, to: string, kind: EdgeKind, label: string) => {
    if (!edges.some((e) => e.from === from && e.to === to)) edges.push({ from, to, kind, label })
  }
  const distributed = info.mode === 'distributed'

  // Column 2: the services, then the schedules that trigger their jobs.
  let y = TOP
  for (const service of info.services) {
    const parts = [plural(service.routes.length, 'route'), plural(service.jobs.length, 'job')]
    add(2, y, 'service', nodeId.service(service.name), service.name, parts.join(' · '))
    y += NODE_H + GAP
  }
  const servicesBottom = y - GAP
  const schedules = info.services.flatMap((service) => service.schedules.map((schedule) => ({ service, schedule })))
  if (schedules.length > 0) y += SECTION_GAP - GAP
  for (const { service, schedule } of schedules) {
    add(2, y, 'schedule', nodeId.schedule(service.name, schedule.name), schedule.name, `every ${schedule.every} → ${schedule.job}`, SMALL_H)
    y += SMALL_H + GAP
  }

  // Columns 0 and 1: the request path, centred on the services.
  const middle = (TOP + Math.max(TOP + NODE_H, servicesBottom)) / 2 - NODE_H / 2
  add(0, middle, 'clients', 'clients', 'HTTP clients', 'ad servers · browsers')
  const role = info.process.role
  const processes = info.processes ?? [info.process]
  if (processes.length > 1) {
    const roles = [...new Set(processes.map((p) => p.role))].join(', ')
    add(1, middle, 'process', 'process', `${processes.length} Flotilla processes`, `roles ${roles}`)
  } else {
    add(1, middle, 'process', 'process', role === 'all' ? 'Flotilla process' : `${role} process`, `pid ${info.process.pid} · role ${role}`)
  }
  edge('clients', 'process', 'http', 'HTTP requests')

  // Column 3: the database, the jobs table, the bus topics.
  const [engine, ...where] = info.database.split(' ')
  const database = add(3, TOP, 'database', 'database', where.length > 0 && engine ? engine : 'Database', where.length > 0 ? where.join(' ') : info.database)
  y = TOP + NODE_H + GAP
  const jobsOf = new Map(info.services.map((service) => [nodeId.service(service.name), service.jobs.length]))
  const hasJobs = schedules.length > 0 || info.services.some((service) => service.jobs.length > 0)
  if (hasJobs) {
    const jobTypes = new Set(info.services.flatMap((service) => service.jobs))
    // Level with the middle of what feeds it (services with jobs, schedules), below the database.
    const feeders = nodes.filter((node) => node.kind === 'schedule' || (node.kind === 'service' && (jobsOf.get(node.id) ?? 0) > 0))
    const centre = feeders.reduce((sum, node) => sum + node.y + node.h / 2, 0) / Math.max(1, feeders.length)
    const jobs = add(3, Math.max(y, Math.round(centre - NODE_H / 2)), 'jobs', 'jobs', 'jobs table', plural(jobTypes.size, 'job type'))
    y = jobs.y + NODE_H + GAP
    add(4, jobs.y, 'workers', 'workers', 'worker pool', distributed ? 'worker processes' : 'in this process')
    edge('jobs', 'workers', 'job', 'workers claim jobs')
  }
  const topics = [...new Set(info.services.flatMap((service) => [...service.topics.publishes, ...service.topics.subscribes.map((s) => s.topic)]))]
  if (topics.length > 0) y += SECTION_GAP - GAP
  const topicY = new Map<string, number>()
  for (const topic of topics) {
    add(3, y, 'topic', nodeId.topic(topic), topic, `outbox → ${distributed ? (info.broker.split(' ')[0] ?? info.broker) : 'in-process'}`, SMALL_H)
    topicY.set(topic, y)
    y += SMALL_H + GAP
  }

  // Column 4: the subscriber groups, each level with its first topic when there is room.
  let groupY = TOP
  const groups = new Set<string>()
  for (const service of info.services) {
    for (const { topic, group } of service.topics.subscribes) {
      const id = nodeId.group(service.name, group)
      if (!groups.has(id)) {
        groups.add(id)
        const workers = nodes.find((node) => node.id === 'workers')
        const floor = workers ? workers.y + NODE_H + GAP : TOP
        const top = Math.max(groupY, floor, topicY.get(topic) ?? TOP)
        add(4, top, 'group', id, group, `group of ${service.name}`, SMALL_H)
        groupY = top + SMALL_H + GAP
      }
      edge(nodeId.topic(topic), id, 'bus', `${topic} → ${group}`)
    }
  }

  // The edges out of each service and schedule.
  for (const service of info.services) {
    const id = nodeId.service(service.name)
    edge('process', id, 'http', `${plural(service.routes.length, 'route')} of ${service.name}`)
    edge(id, database.id, 'sql', `${service.name} reads and writes its tables`)
    if (service.jobs.length > 0) edge(id, 'jobs', 'job', `${service.name} enqueues ${service.jobs.join(', ')}`)
    for (const topic of service.topics.publishes) edge(id, nodeId.topic(topic), 'bus', `${service.name} publishes ${topic}`)
    for (const schedule of service.schedules) edge(nodeId.schedule(service.name, schedule.name), 'jobs', 'job', `${schedule.name} enqueues ${schedule.job}`)
  }

  const bottom = Math.max(...nodes.map((node) => node.y + node.h))
  return {
    width: colX(TITLES.length - 1) + COL_W + MARGIN,
    height: bottom + MARGIN,
    columns: TITLES.map((title, i) => ({ x: colX(i), w: COL_W, title })),
    nodes,
    edges,
  }
}
