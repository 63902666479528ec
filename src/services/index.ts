import type { ServiceDefinition } from '../kit/service.ts'
import { ctrService } from './ctr/index.ts'
import { eventsService } from './events/index.ts'
import { hotelsService } from './hotels/index.ts'
import { monitorService } from './monitor/index.ts'
import { playsService } from './plays/index.ts'

/** Every service Flotilla runs. Removing a line here (and its folder) removes a service. */
export const services: ServiceDefinition[] = [ctrService, monitorService, eventsService, playsService, hotelsService]
