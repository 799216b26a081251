import type { MouseEvent } from 'react';

/**
 * Claim links in the article view are plain `<a href>` elements (hundreds of router `<Link>`s would
 * dominate the render of a long article), opened in place by one delegated click handler: a plain click
 * or Enter on a link with `data-claim-id` opens that claim beside the article; a modified click (new tab,
 * new window) is left to the browser, which follows the href.
 */
export function openClaimLink(event: MouseEvent<HTMLElement>, open: (claimId: string) => void): boolean {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
  const link = (event.target as Element).closest('a[data-claim-id]');
  const claimId = link?.getAttribute('data-claim-id');
  if (!claimId) return false;
  event.preventDefault();
  open(claimId);
  return true;
}
