import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateUserDto, UpdateUserDto, UserViewDto } from './dto/user.dto.js';
import { uuidParam } from './uuid-param.pipe.js';
import { UsersService } from './users.service.js';
import { Audited } from '../common/audited.decorator.js';

/** Admin only: no `@Allow`. */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'All logins (admin)' })
  @ApiOkResponse({ type: [UserViewDto] })
  list(): Promise<UserViewDto[]> {
    return this.users.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One login (admin)' })
  @ApiOkResponse({ type: UserViewDto })
  get(@Param('id', uuidParam) id: string): Promise<UserViewDto> {
    return this.users.get(id);
  }

  @Audited('user.create')
  @Post()
  @ApiOperation({ summary: 'Create a login (admin); role rep needs repId' })
  @ApiCreatedResponse({ type: UserViewDto })
  create(@Body() dto: CreateUserDto): Promise<UserViewDto> {
    return this.users.create(dto);
  }

  @Audited('user.update')
  @Patch(':id')
  @ApiOperation({ summary: 'Change role, rep link, password, or disable (admin)' })
  @ApiOkResponse({ type: UserViewDto })
  update(@Param('id', uuidParam) id: string, @Body() dto: UpdateUserDto): Promise<UserViewDto> {
    return this.users.update(id, dto);
  }
}
