import { Injectable } from '@nestjs/common';
import type { RepView, TeamView, WorkingHours } from '@leaderboard/contracts';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { publicUrlOrNull } from '../common/public-url.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { EventsService } from '../events/events.service.js';
import { LedgerRepository } from '../repositories/ledger.repository.js';
import { ProjectionRepository } from '../repositories/projection.repository.js';
import { ScoringService } from '../scoring/scoring.service.js';
import type { CreateRepDto, UpdateRepDto } from './dto/rep.dto.js';
import { RepEntity } from './rep.entity.js';
import { TeamEntity } from './team.entity.js';

export type RepDetails = RepView & { workingHours: WorkingHours | null };

function toRepView(rep: RepEntity): RepDetails {
  return {
    id: rep.id,
    key: rep.key,
    name: rep.name,
    teamId: rep.teamId,
    region: rep.region,
    email: rep.email,
    photoUrl: rep.photoUrl,
    startedOn: rep.startedOn,
    active: rep.active,
    workingHours: rep.workingHours,
  };
}

@Injectable()
export class RepsService {
  constructor(
    @InjectRepository(RepEntity) private readonly reps: Repository<RepEntity>,
    @InjectRepository(TeamEntity) private readonly teams: Repository<TeamEntity>,
    private readonly events: EventsService,
    private readonly scoring: ScoringService,
    private readonly ledger: LedgerRepository,
    private readonly projection: ProjectionRepository,
  ) {}

  async listTeams(): Promise<TeamView[]> {
    const teams = await this.teams.find({ order: { name: 'ASC' } });
    return teams.map((t) => ({ id: t.id, name: t.name }));
  }

  async createTeam(name: string): Promise<TeamView> {
    try {
      const team = await this.teams.save(this.teams.create({ name: name.trim() }));
      return { id: team.id, name: team.name };
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('CONFLICT', `A team named "${name}" exists`);
      throw error;
    }
  }

  async renameTeam(id: string, name: string): Promise<TeamView> {
    const team = await this.teams.findOneBy({ id });
    if (!team) throw new DomainError('NOT_FOUND', `Team ${id} not found`);
    team.name = name.trim();
    try {
      await this.teams.save(team);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('CONFLICT', `A team named "${name}" exists`);
      throw error;
    }
    return { id: team.id, name: team.name };
  }

  async deleteTeam(id: string): Promise<void> {
    const team = await this.teams.findOneBy({ id });
    if (!team) throw new DomainError('NOT_FOUND', `Team ${id} not found`);
    const members = await this.reps.countBy({ teamId: id });
    if (members > 0) throw new DomainError('CONFLICT', `Team "${team.name}" still has ${members} reps`);
    await this.teams.delete({ id });
  }

  async listReps(): Promise<RepDetails[]> {
    const reps = await this.reps.find({ order: { name: 'ASC', id: 'ASC' } });
    return reps.map(toRepView);
  }

  async getRep(id: string): Promise<RepDetails> {
    return toRepView(await this.findRep(id));
  }

  /** Creates a rep; events held for its key are attached and scored. */
  async createRep(input: CreateRepDto): Promise<RepDetails> {
    await this.requireTeam(input.teamId);
    let rep: RepEntity;
    try {
      rep = await this.reps.save(
        this.reps.create({
          key: input.key.trim(),
          name: input.name.trim(),
          teamId: input.teamId,
          region: input.region ?? null,
          email: input.email ?? null,
          photoUrl: input.photoUrl ?? null,
          startedOn: input.startedOn ?? null,
          active: true,
          workingHours: input.workingHours ?? null,
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('CONFLICT', `A rep with key "${input.key}" exists`);
      throw error;
    }
    // After the rep is committed: attach what was held for its key (ingest re-checks after its own commit).
    const held = await this.events.attachHeldByKey(rep.key);
    await this.scoring.upsertRep(this.profileOf(rep), held);
    return toRepView(rep);
  }

  async updateRep(id: string, input: UpdateRepDto): Promise<RepDetails> {
    const rep = await this.findRep(id);
    if (input.teamId !== undefined) await this.requireTeam(input.teamId);
    const workingHoursChanged =
      input.workingHours !== undefined &&
      JSON.stringify(input.workingHours) !== JSON.stringify(rep.workingHours);
    const keyChanged = input.key !== undefined && input.key.trim() !== rep.key;
    if (keyChanged) {
      if (await this.ledger.hasEventsOf(id))
        throw new DomainError('CONFLICT', 'The key of a rep with events cannot change');
    }
    Object.assign(rep, {
      ...(input.key !== undefined && { key: input.key.trim() }),
      ...(input.name !== undefined && { name: input.name.trim() }),
      ...(input.teamId !== undefined && { teamId: input.teamId }),
      ...(input.region !== undefined && { region: input.region }),
      ...(input.email !== undefined && { email: input.email }),
      ...(input.photoUrl !== undefined && { photoUrl: input.photoUrl }),
      ...(input.startedOn !== undefined && { startedOn: input.startedOn }),
      ...(input.active !== undefined && { active: input.active }),
      ...(input.workingHours !== undefined && { workingHours: input.workingHours }),
    });
    try {
      await this.reps.save(rep);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('CONFLICT', `A rep with key "${rep.key}" exists`);
      throw error;
    }
    if (workingHoursChanged) await this.scoring.rebuild();
    else
      await this.scoring.upsertRep(
        this.profileOf(rep),
        keyChanged ? await this.events.attachHeldByKey(rep.key) : [],
      );
    return toRepView(rep);
  }

  /** Deletes a rep without events; a rep with events is deactivated instead (the ledger keeps them). */
  async deleteRep(id: string): Promise<{ deleted: boolean; deactivated: boolean }> {
    const rep = await this.findRep(id);
    if (await this.ledger.hasEventsOf(id)) {
      rep.active = false;
      await this.reps.save(rep);
      await this.scoring.upsertRep(this.profileOf(rep));
      return { deleted: false, deactivated: true };
    }
    await this.projection.deleteRep(id);
    await this.reps.delete({ id });
    await this.scoring.upsertRep({ ...this.profileOf(rep), active: false });
    return { deleted: true, deactivated: false };
  }

  private profileOf(rep: RepEntity) {
    return {
      id: rep.id,
      key: rep.key,
      name: rep.name,
      teamId: rep.teamId,
      active: rep.active,
      photoUrl: publicUrlOrNull(rep.photoUrl),
      startedOn: rep.startedOn,
      workingHours: rep.workingHours,
    };
  }

  private async findRep(id: string): Promise<RepEntity> {
    const rep = await this.reps.findOneBy({ id });
    if (!rep) throw new DomainError('NOT_FOUND', `Rep ${id} not found`);
    return rep;
  }

  private async requireTeam(id: string): Promise<void> {
    if (!(await this.teams.existsBy({ id }))) throw new DomainError('NOT_FOUND', `Team ${id} not found`);
  }
}
