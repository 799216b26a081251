import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '@app/core';

/**
 * Refuses a path with a segment that is not valid percent-encoded UTF-8 (`%E0%A4%A`, `%C0%AF`) with a
 * 400 naming the path parameter it would have been, before routing: Express would answer its own
 * generic 400 page. `templates` gives the documented paths (`/v1/claims/{id}`) to find that name.
 */
export function decodablePath(templates: () => readonly string[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const segments = req.path.split('/');
    const bad = segments.findIndex((segment) => !decodes(segment));
    if (bad < 0) {
      next();
      return;
    }
    const field = parameterAt(templates(), segments, bad) ?? '(path)';
    next(new DomainError('invalid', 'invalid-path-encoding', `The path segment ${bad} is not valid percent-encoded UTF-8.`, [{ field, message: 'not valid percent-encoded UTF-8' }]));
  };
}

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/** The parameter name at `index` of the first template whose literal segments match the path's. */
function parameterAt(templates: readonly string[], segments: string[], index: number): string | undefined {
  for (const template of templates) {
    const parts = template.split('/');
    if (parts.length !== segments.length) continue;
    const fits = parts.every((part, i) => {
      const param = /^([^{]*)\{\w+\}(.*)$/.exec(part);
      if (!param) return part === segments[i];
      return segments[i]!.startsWith(param[1]!);
    });
    const name = fits ? /\{(\w+)\}/.exec(parts[index]!)?.[1] : undefined;
    if (name) return name;
  }
  return undefined;
}
