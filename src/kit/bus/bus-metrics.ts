import { Counter, type Registry } from 'prom-client'
import { registered } from '../jobs/job-metrics.ts'

export interface BusMetrics {
  published: Counter<'topic'>
  delivered: Counter<'topic' | 'group' | 'outcome'>
}

export function busMetrics(registry: Registry): BusMetrics {
  return {
    published: registered(registry, 'flotilla_bus_published_total', () =>
      new Counter({
        name: 'flotilla_bus_published_total',
        help: 'Messages published, by topic (counted at publish, even if the transaction later rolls back)',
        labelNames: ['topic'],
        registers: [registry],
      }),
    ),
    delivered: registered(registry, 'flotilla_bus_delivered_total', () =>
      new Counter({
        name: 'flotilla_bus_delivered_total',
        help: 'Deliveries of messages to consumer groups, by topic, group and outcome (success, error)',
        labelNames: ['topic', 'group', 'outcome'],
        registers: [registry],
      }),
    ),
  }
}
