// Who a booking belongs to, for quotas and staff search: the member, or for
// anonymous bookings the normalised phone number and email from the answers.
import type { CompiledForm } from '../../blocks/form/block';
import { nameSearchKey } from '../../blocks/form/normalize';
import type { Answers } from '../../blocks/form/answers';

export interface BookingIdentity {
  memberId?: string;
  phoneKey?: string;
  emailKey?: string;
  nameKey?: string;
}

export function identityOf(form: CompiledForm, answers: Answers, memberId?: string): BookingIdentity {
  const first = (type: string) => {
    const f = form.fields.find((x) => x.type === type && typeof answers[x.id] === 'string');
    return f ? (answers[f.id] as string) : undefined;
  };
  const nameField = form.fields.find((x) => x.type === 'text' && (x.id === 'name' || x.pii) && typeof answers[x.id] === 'string');
  const id: BookingIdentity = {};
  if (memberId) id.memberId = memberId;
  const phone = first('phone');
  if (phone) id.phoneKey = phone;
  const email = first('email');
  if (email) id.emailKey = email.toLowerCase();
  if (nameField) id.nameKey = nameSearchKey(answers[nameField.id] as string);
  return id;
}
