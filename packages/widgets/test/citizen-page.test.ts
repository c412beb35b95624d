// Issue 28's done-when, in the example host: the "borger.dk-style" citizen page for SAG-2026-0412 on
// a 360 px wide phone shows the wishes first, the coordinator with the contact, the next meeting and
// the steps, without sideways scrolling. Opened as static files it shows data/citizen-view.json,
// which must be what core's citizenView() makes of the demo data.
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { citizenView, type CitizenViewInput } from '@samspil/core';

describe('the citizen page of the example hosts (borger.html)', () => {
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  it("holds the demo's own citizen view", async () => {
    const demo = (await import('../../../examples/data/demo.js' as string)) as Record<string, unknown> & { plan: CitizenViewInput['plan']; people: { id: string; name: string; department: string }[]; matrix: { coordinator: string } };
    const expected = citizenView({
      caseReference: 'SAG-2026-0412',
      plan: demo.plan,
      matrix: demo.matrix as CitizenViewInput['matrix'],
      consent: demo.consent as CitizenViewInput['consent'],
      coordinator: demo.people.find((p) => p.id === demo.matrix.coordinator)!,
      people: demo.people,
      departments: demo.departments as CitizenViewInput['departments'],
      meetings: demo.meetings as CitizenViewInput['meetings'],
      rooms: demo.rooms as CitizenViewInput['rooms'],
      voice: [],
      now: Date.parse('2026-12-07T09:00:00Z'),
    });
    const stored = await fetch('/examples/data/citizen-view.json').then((r) => r.json());
    expect(stored).to.deep.equal(JSON.parse(JSON.stringify(expected)));
  });

  for (const [host, path] of [['plain HTML', '/examples/host-vanilla/borger.html'], ['React (@samspil/react)', '/examples/host-react/borger.html']] as const) {
    it(`${host}: shows the wishes first, the coordinator, the next meeting and the steps on a 360 px phone`, async () => {
      const frame = document.createElement('iframe');
      frame.style.cssText = 'width: 360px; height: 800px; border: 0';
      frame.src = path;
      document.body.append(frame);
      await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
      const doc = frame.contentDocument!;
      await waitUntil(() => doc.querySelector('samspil-citizen-plan')?.shadowRoot?.querySelector('[part~=wishes]'), 'the citizen plan renders', { timeout: 5000 });
      const widget = doc.querySelector('samspil-citizen-plan')!;
      const root = widget.shadowRoot!;
      const top = (p: string) => root.querySelector(`[part~=${p}]`)!.getBoundingClientRect().top;
      expect(top('wishes')).to.be.below(top('coordinator'));
      expect(top('coordinator')).to.be.below(top('next'));
      expect(root.querySelector('[part~=wishes]')!.textContent).to.contain('Jeg vil være en god mor for min datter');
      expect(root.querySelector('[part~=coordinator]')!.textContent).to.contain('Maja Holm').and.contain('Ring 70 11 22 33');
      expect(root.querySelector('[part~=next-meeting]')!.textContent).to.contain('15. december 2026').and.contain('Jobcentret, mødelokale 2');
      expect(root.querySelectorAll('[part~=steps] li').length).to.be.greaterThan(3);
      expect(doc.documentElement.scrollWidth, 'no sideways scrolling').to.be.at.most(360);
      await executeServerCommand('screenshot', { name: `citizen-plan/${path.split('/')[2]}-360` });
    });
  }
});
