import type { ServiceDefinition } from '../kit/service.ts'
import { ctrService } from './ctr/index.ts'

/** Every service Flotilla runs. Removing a line here (and its folder) removes a service. */
export const services: ServiceDefinition[] = [ctrService]
