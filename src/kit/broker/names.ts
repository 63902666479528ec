/**
 * Every exchange and queue Flotilla declares, under one prefix (BROKER_PREFIX), so that
 * deployments or test runs sharing a broker never meet.
 */
export interface BrokerNames {
  /** Direct exchange of "work is ready" signals: `job:<type>` and `outbox`. */
  signals: string
  /** Topic exchange the outbox is relayed to, routed by the message's topic. */
  bus: string
  /** Where a group's queue sends the messages it gave up on. */
  deadLetters: string
  /** The durable queue of one consumer group. */
  groupQueue(group: string): string
  /** The queue holding one group's dead letters, for a person to look at. */
  deadLetterQueue(group: string): string
}

export function brokerNames(prefix: string): BrokerNames {
  return {
    signals: `${prefix}.signals`,
    bus: `${prefix}.bus`,
    deadLetters: `${prefix}.dead`,
    groupQueue: (group) => `${prefix}.bus.${group}`,
    deadLetterQueue: (group) => `${prefix}.dead.${group}`,
  }
}

export const jobSignalKey = (type: string): string => `job:${type}`
export const outboxSignalKey = 'outbox'
