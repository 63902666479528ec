import { createRuntime, type Runtime, type RuntimeOptions } from './kit/runtime.ts'
import { registerPlatform } from './platform/platform-routes.ts'
import { services } from './services/index.ts'
import { version } from './version.ts'

/** Flotilla: the kit, every service in the list, and the platform surfaces around them. */
export function createFlotilla(options: Partial<RuntimeOptions> = {}): Promise<Runtime> {
  return createRuntime({ services, version, platform: registerPlatform, ...options })
}
