// The filter bar the calendar and the board share the shape of: network, pillar, campaign,
// assignee and status. `query()` gives the PlanQuery filters (empty lists are left out).
import { el, select } from './dom.js';
import { STATUSES } from './posts.js';

/**
 * A filter bar for `context` (see PanelContext); `onChange()` is called after every change.
 * Returns `{ element, query(), refresh() }`; `refresh` re-reads pillars and campaigns. While the
 * store answers from its snapshots alone (`store.preview`, the panel's first moments), the
 * filters are disabled: only the core filters; `refresh` enables them once it is there.
 */
export function filterBar(context, onChange) {
  const { t, store } = context;
  const networks = context.networks.map((n) => [n.id, n.name]);
  const network = select(t('calFilterNetwork'), t('calFilterAllNetworks'), networks, { name: 'network' });
  const pillar = select(t('calFilterPillar'), t('calFilterAllPillars'), [], { name: 'pillar' });
  const campaign = select(t('calFilterCampaign'), t('calFilterAllCampaigns'), [], { name: 'campaign' });
  const status = select(t('calFilterStatus'), t('calFilterAllStatuses'), STATUSES.map(([s, key]) => [s, t(key)]), { name: 'status' });
  const assignee = el('input', { type: 'search', name: 'assignee', placeholder: t('calFilterAssignee'), 'aria-label': t('calFilterAssignee'), size: 10 });

  /** Keeps a select's options in step with `pairs`, keeping its choice when still offered. */
  const offer = (box, pairs) => {
    const chosen = box.value;
    while (box.options.length > 1) box.remove(1);
    for (const [value, text] of pairs) box.add(new Option(text, value));
    box.value = pairs.some(([value]) => value === chosen) ? chosen : '';
  };
  const refresh = () => {
    offer(pillar, store.pillars().map((p) => [p.meta.id, p.name]));
    offer(campaign, store.campaigns().map((c) => [c.meta.id, c.name]));
    for (const control of [network, pillar, campaign, status, assignee]) control.disabled = store.preview;
  };
  refresh();
  for (const box of [network, pillar, campaign, status]) box.addEventListener('change', onChange);
  assignee.addEventListener('input', onChange);

  const query = () => {
    const q = {};
    if (network.value) q.networks = [network.value];
    if (pillar.value) q.pillars = [pillar.value];
    if (campaign.value) q.campaigns = [campaign.value];
    if (status.value) q.statuses = [status.value];
    if (assignee.value.trim()) q.assignees = [assignee.value.trim()];
    return q;
  };
  const element = el('div', { class: 'filters', role: 'group', 'aria-label': t('calFilters') }, network, pillar, campaign, assignee, status);
  return { element, query, refresh };
}
