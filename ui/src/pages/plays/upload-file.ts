import { ApiError, CSRF_HEADER, toErrorShape } from '../../api.ts'

export interface UploadProgress {
  loaded: number
  total: number
}

export interface Upload {
  /** The new task's id. */
  done: Promise<string>
  abort: () => void
}

/**
 * `POST /v1/data_processor/upload` as multipart field `file`, by XHR rather than fetch
 * because only XHR reports upload progress. Sends the CSRF header api.ts sends on writes.
 */
export function uploadFile(file: File, skipBadRows: boolean, onProgress: (progress: UploadProgress) => void): Upload {
  const xhr = new XMLHttpRequest()
  const done = new Promise<string>((resolve, reject) => {
    const url = skipBadRows ? '/v1/data_processor/upload?on_error=skip' : '/v1/data_processor/upload'
    xhr.open('POST', url)
    xhr.setRequestHeader('accept', 'application/json')
    xhr.setRequestHeader(CSRF_HEADER, '1')
    xhr.upload.onprogress = (event) => onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size })
    xhr.onload = () => {
      if (xhr.status === 202) {
        try {
          resolve((JSON.parse(xhr.responseText) as { task_id: string }).task_id)
          return
        } catch {
          // Falls through to the error below: a 202 we cannot read.
        }
      }
      reject(new ApiError(toErrorShape(xhr.status, xhr.statusText, xhr.responseText), 'POST'))
    }
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'NETWORK_ERROR', message: 'cannot reach the Flotilla server' }, 'POST'))
    xhr.onabort = () => reject(new DOMException('upload aborted', 'AbortError'))
    const body = new FormData()
    body.append('file', file, file.name)
    xhr.send(body)
  })
  return { done, abort: () => xhr.abort() }
}
